package io.almengine.view;

import io.almengine.model.Alarm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;

/**
 * The alarm changes this instance has seen, numbered, with the most recent ones kept in a bounded
 * ring so that a console that lost its connection for a moment can be sent exactly what it missed.
 *
 * <p>An id is {@code EPOCH-SEQ}: the epoch is new with every instance (sequence numbers start again
 * after a restart and differ between instances), so an id from elsewhere, or one that fell out of
 * the ring, is recognised and answered with a reset: reload, then follow.
 */
public final class AlarmFeed {

    /**
     * One alarm change: its id, what happened (the alarm's latest history entry, or {@link #REMOVED})
     * and the alarm after it (for a removal, as it was last known).
     */
    public record Change(long seq, String id, String change, Alarm alarm) {

        /** The alarm left {@code alm.alarms} (retention ran out): clients drop it rather than show it. */
        public boolean removal() {
            return REMOVED.equals(change);
        }
    }

    /** The change of an alarm removed from {@code alm.alarms}; no history entry has this name. */
    public static final String REMOVED = "removed";

    /** What a subscriber gets first: the changes it missed, or a reset when they cannot be known. */
    public record Catch(List<Change> missed, boolean reset, String headId) {
    }

    private final String epoch;
    private final int capacity;
    private final ArrayDeque<Change> ring;
    private final Set<Consumer<Change>> subscribers = new CopyOnWriteArraySet<>();
    private long lastSeq;

    public AlarmFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 4096));
        // Letters and digits only: the id travels in an HTTP header and a query parameter.
        this.epoch = Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    }

    /** Records a change and hands it to every subscriber (who must not block: they only queue it). */
    public void accept(Alarm alarm) {
        var history = alarm.history();
        record(history.isEmpty() ? "changed" : history.get(history.size() - 1).change(), alarm);
    }

    /**
     * Records that {@code alarm} (as last known) was removed, numbered in the same sequence as the
     * changes so that a client catching up replays the removal in its place, after the alarm's clear.
     */
    public void acceptRemoval(Alarm alarm) {
        record(REMOVED, alarm);
    }

    private synchronized void record(String change, Alarm alarm) {
        long seq = ++lastSeq;
        var c = new Change(seq, epoch + "-" + seq, change, alarm);
        if (ring.size() == capacity) {
            ring.removeFirst();
        }
        ring.addLast(c);
        subscribers.forEach(s -> s.accept(c));
    }

    /**
     * Subscribes from {@code lastEventId} (null: from now on). {@code first} is handed what was missed
     * since then, and only after it has taken that does {@code subscriber} hear live changes, all in
     * one step: no change falls between the catch-up and the first live one, and none overtakes it.
     */
    public synchronized void subscribe(String lastEventId, Consumer<Catch> first, Consumer<Change> subscriber) {
        first.accept(catchUp(lastEventId));
        subscribers.add(subscriber);
    }

    private Catch catchUp(String lastEventId) {
        String head = epoch + "-" + lastSeq;
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Catch(List.of(), false, head);
        }
        long seen = seqOf(lastEventId.strip());
        long oldestKept = ring.isEmpty() ? lastSeq + 1 : ring.peekFirst().seq();
        if (seen < 0 || seen > lastSeq || seen < oldestKept - 1) {
            return new Catch(List.of(), true, head);
        }
        var missed = new ArrayList<Change>();
        for (Change c : ring) {
            if (c.seq() > seen) {
                missed.add(c);
            }
        }
        return new Catch(missed, false, head);
    }

    public void unsubscribe(Consumer<Change> subscriber) {
        subscribers.remove(subscriber);
    }

    /** The sequence number of an id of this instance, or -1 for any other id. */
    private long seqOf(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(epoch)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
