package io.almengine.pipeline;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deadlines kept in a state store ordered by time, so that finding what is due is a scan that
 * stops at the first future entry, and the deadlines survive a crash with the rest of the state.
 * Key: the deadline's epoch second (8 bytes) and nanosecond (4 bytes), big-endian so byte order
 * is time order, then the member's UTF-8 bytes. Full precision: a deadline is never due early.
 */
public final class DeadlineIndex {

    private static final int TIME_BYTES = Long.BYTES + Integer.BYTES;

    /** A due entry: the member it was scheduled for and its exact deadline. */
    public record Due(String member, Instant deadline) {
    }

    private final KeyValueStore<Bytes, byte[]> store;

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void schedule(String member, Instant deadline) {
        store.put(key(member, deadline), member.getBytes(StandardCharsets.UTF_8));
    }

    public void cancel(String member, Instant deadline) {
        store.delete(key(member, deadline));
    }

    /** Removes and returns up to {@code limit} entries whose deadline is at or before {@code now}, oldest first. */
    public List<Due> takeDue(Instant now, int limit) {
        var due = new ArrayList<Due>();
        var keys = new ArrayList<Bytes>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext() && due.size() < limit) {
                var entry = it.next();
                ByteBuffer time = ByteBuffer.wrap(entry.key.get(), 0, TIME_BYTES);
                Instant at = Instant.ofEpochSecond(time.getLong(), time.getInt());
                if (at.isAfter(now)) {
                    break;
                }
                keys.add(entry.key);
                due.add(new Due(new String(entry.value, StandardCharsets.UTF_8), at));
            }
        }
        keys.forEach(store::delete);
        return due;
    }

    private static Bytes key(String member, Instant deadline) {
        byte[] name = member.getBytes(StandardCharsets.UTF_8);
        // Deadlines before 1970 are not deadlines of live events; clamping keeps the byte order.
        Instant at = deadline.isBefore(Instant.EPOCH) ? Instant.EPOCH : deadline;
        return Bytes.wrap(ByteBuffer.allocate(TIME_BYTES + name.length)
                .putLong(at.getEpochSecond()).putInt(at.getNano()).put(name).array());
    }
}
