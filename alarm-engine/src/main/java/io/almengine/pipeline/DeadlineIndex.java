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
 * Key: 8 bytes of epoch millis, then the member's UTF-8 bytes.
 */
public final class DeadlineIndex {

    /** A due entry: the member it was scheduled for and its deadline. */
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
        long nowMillis = now.toEpochMilli();
        var due = new ArrayList<Due>();
        var keys = new ArrayList<Bytes>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext() && due.size() < limit) {
                var entry = it.next();
                long at = ByteBuffer.wrap(entry.key.get(), 0, Long.BYTES).getLong();
                if (at > nowMillis) {
                    break;
                }
                keys.add(entry.key);
                due.add(new Due(new String(entry.value, StandardCharsets.UTF_8), Instant.ofEpochMilli(at)));
            }
        }
        keys.forEach(store::delete);
        return due;
    }

    private static Bytes key(String member, Instant deadline) {
        byte[] name = member.getBytes(StandardCharsets.UTF_8);
        // Instants before 1970 cannot be deadlines of live events; clamping keeps the byte order.
        long millis = Math.max(0, deadline.toEpochMilli());
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + name.length).putLong(millis).put(name).array());
    }
}
