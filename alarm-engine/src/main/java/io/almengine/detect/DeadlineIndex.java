package io.almengine.detect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deadlines kept in a state store ordered by time, so that finding what is due is a scan that
 * stops at the first future entry, and the deadlines survive a crash with the rest of the state.
 * Key: the deadline's epoch second (8 bytes) and nanosecond (4 bytes), big-endian so byte order
 * is time order, then the member's UTF-8 bytes. Full precision: a deadline is never due early.
 *
 * <p>An entry may carry a tag, which says whose clock it waits for (detection: the link's
 * reporter, whose watermark must pass the deadline), so a scan can leave entries that are not due
 * yet by their own clock without reading anything else. Value: a zero byte and the tag's UTF-8
 * bytes; an entry written before tags existed holds its member's bytes and reads as untagged.
 *
 * <p>A scan starts at the lowest key that may still be there ({@code floor}), not at the store's
 * first key: RocksDB keeps a deleted key as a tombstone until compaction, and a scan from the
 * start steps over every one of them, so after a mass outage (100,000 deadlines taken in a few
 * seconds) each batch would cost more than the one before.
 */
public final class DeadlineIndex {

    private static final int TIME_BYTES = Long.BYTES + Integer.BYTES;
    private static final byte TAGGED = 0;

    /** A due entry: the member it was scheduled for, its exact deadline and its tag (empty: none). */
    public record Due(String member, Instant deadline, String tag) {
    }

    private final KeyValueStore<Bytes, byte[]> store;
    /** No key below this is in the store: all were taken. {@code null}: not known, scan from the start. */
    private Bytes floor;

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void schedule(String member, Instant deadline) {
        put(key(member, deadline), member.getBytes(StandardCharsets.UTF_8));
    }

    /** Schedules with a tag, handed back with the entry (see {@link #takeDue(Instant, int, Predicate)}). */
    public void schedule(String member, Instant deadline, String tag) {
        byte[] name = tag.getBytes(StandardCharsets.UTF_8);
        put(key(member, deadline), ByteBuffer.allocate(1 + name.length).put(TAGGED).put(name).array());
    }

    private void put(Bytes key, byte[] value) {
        if (floor != null && key.compareTo(floor) < 0) {
            floor = key;
        }
        store.put(key, value);
    }

    public void cancel(String member, Instant deadline) {
        store.delete(key(member, deadline));
    }

    /** Removes and returns up to {@code limit} entries whose deadline is at or before {@code now}, oldest first. */
    public List<Due> takeDue(Instant now, int limit) {
        return takeDue(now, limit, due -> true);
    }

    /**
     * Removes and returns up to {@code limit} entries whose deadline is at or before {@code upTo}
     * and that {@code ripe} accepts, oldest first; the others stay where they are.
     */
    public List<Due> takeDue(Instant upTo, int limit, Predicate<Due> ripe) {
        var due = new ArrayList<Due>();
        var keys = new ArrayList<Bytes>();
        Bytes kept = null;
        Bytes last = null;
        try (KeyValueIterator<Bytes, byte[]> it = floor == null ? store.all() : store.range(floor, null)) {
            while (it.hasNext() && due.size() < limit) {
                var entry = it.next();
                last = entry.key;
                byte[] key = entry.key.get();
                ByteBuffer time = ByteBuffer.wrap(key, 0, TIME_BYTES);
                Instant at = Instant.ofEpochSecond(time.getLong(), time.getInt());
                if (at.isAfter(upTo)) {
                    kept = kept == null ? entry.key : kept;
                    break;
                }
                byte[] value = entry.value;
                String tag = value.length > 0 && value[0] == TAGGED
                        ? new String(value, 1, value.length - 1, StandardCharsets.UTF_8) : "";
                var entryDue = new Due(new String(key, TIME_BYTES, key.length - TIME_BYTES, StandardCharsets.UTF_8),
                        at, tag);
                if (ripe.test(entryDue)) {
                    keys.add(entry.key);
                    due.add(entryDue);
                } else if (kept == null) {
                    kept = entry.key;
                }
            }
        }
        keys.forEach(store::delete);
        // The first entry left in place, or else the last one read (taken: every key below it is gone).
        Bytes next = kept != null ? kept : last;
        if (next != null) {
            floor = next;
        }
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
