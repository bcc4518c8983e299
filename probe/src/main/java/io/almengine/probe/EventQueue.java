package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events waiting to be published, oldest first, bounded. When full, the oldest heartbeat goes
 * first: a heartbeat only repeats what a later one says, a transition is the only record of when
 * a client left or came back. Only a queue full of transitions loses one, the oldest, with an
 * error in the log.
 *
 * <p>It also keeps the probe's watermarks: after each sample, a mark "everything observed up to
 * this time is queued before me". A mark is ready to be sent only once every event queued before
 * it has been delivered (or dropped), so a probe draining its queue after losing the engine never
 * vouches for more than it has delivered.
 */
public final class EventQueue {

    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);

    /** An event and its place in the order events were queued. */
    private record Queued(long seq, ConnectionEvent event) {
    }

    /** Events up to {@code seq} (in queueing order) are all that was observed up to {@code time}. */
    private record Mark(long seq, Instant time) {
    }

    /** What to publish next: events, oldest first, and the watermark they complete (or {@code null}). */
    public record Batch(List<ConnectionEvent> events, Instant watermark) {
        public boolean isEmpty() {
            return events.isEmpty() && watermark == null;
        }
    }

    private final int capacity;
    private final ArrayDeque<Queued> events = new ArrayDeque<>();
    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private long lastSeq;
    private Instant watermarkSent;
    private long droppedHeartbeats;
    private long droppedTransitions;

    public EventQueue(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void addAll(List<ConnectionEvent> added) {
        for (ConnectionEvent event : added) {
            events.addLast(new Queued(++lastSeq, event));
        }
        while (events.size() > capacity) {
            if (!dropOldestHeartbeat()) {
                ConnectionEvent lost = events.removeFirst().event();
                droppedTransitions++;
                LOG.error("event queue full of transitions ({}): dropped {} {} of {}", capacity, lost.type(),
                        lost.time(), lost.connectionId());
            }
        }
    }

    /**
     * Everything observed up to {@code time} has been queued. A time not after the last mark's (or
     * the last watermark sent) is ignored: a watermark never moves back.
     */
    public synchronized void mark(Instant time) {
        Mark last = marks.peekLast();
        if ((last != null && !time.isAfter(last.time())) || (watermarkSent != null && !time.isAfter(watermarkSent))) {
            return;
        }
        if (last != null && last.seq() == lastSeq) {
            marks.removeLast();   // nothing queued since: the newer time says it all
        }
        marks.addLast(new Mark(lastSeq, time));
    }

    private boolean dropOldestHeartbeat() {
        for (Iterator<Queued> it = events.iterator(); it.hasNext(); ) {
            if (it.next().event().type() == EventType.HEARTBEAT) {
                it.remove();
                droppedHeartbeats++;
                return true;
            }
        }
        return false;
    }

    /** Up to {@code max} of the oldest events, left in the queue until {@link #removeSent} confirms them. */
    public synchronized List<ConnectionEvent> peek(int max) {
        return next(max).events();
    }

    /**
     * Up to {@code max} of the oldest events, and the newest watermark not sent yet that they
     * complete: once they are delivered, nothing queued before it is left.
     */
    public synchronized Batch next(int max) {
        var batch = new ArrayList<ConnectionEvent>(Math.min(max, events.size()));
        long covered = lastSeq;
        for (Queued q : events) {
            if (batch.size() >= max) {
                covered = q.seq() - 1;
                break;
            }
            batch.add(q.event());
        }
        Instant watermark = null;
        for (Mark mark : marks) {
            if (mark.seq() > covered) {
                break;
            }
            watermark = mark.time();
        }
        return new Batch(batch, watermark);
    }

    /** Removes events that were published (by identity: overflow may have dropped some meanwhile). */
    public synchronized void removeSent(List<ConnectionEvent> sent) {
        Set<ConnectionEvent> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(sent);
        events.removeIf(q -> done.contains(q.event()));
    }

    /** The watermark at {@code time} was delivered: it and the marks before it are done. */
    public synchronized void watermarkSent(Instant time) {
        watermarkSent = time;
        while (!marks.isEmpty() && !marks.peekFirst().time().isAfter(time)) {
            marks.removeFirst();
        }
    }

    /** The newest watermark delivered, {@code null} before the first. */
    public synchronized Instant watermarkSent() {
        return watermarkSent;
    }

    /** The transitions still waiting, for the state file. */
    public synchronized List<ConnectionEvent> unsentTransitions() {
        return events.stream().map(Queued::event).filter(e -> e.type() != EventType.HEARTBEAT).toList();
    }

    public synchronized int size() {
        return events.size();
    }

    public synchronized long droppedHeartbeats() {
        return droppedHeartbeats;
    }

    public synchronized long droppedTransitions() {
        return droppedTransitions;
    }
}
