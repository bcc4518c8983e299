package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
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
 */
public final class EventQueue {

    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);

    private final int capacity;
    private final ArrayDeque<ConnectionEvent> events = new ArrayDeque<>();
    private long droppedHeartbeats;
    private long droppedTransitions;

    public EventQueue(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void addAll(List<ConnectionEvent> added) {
        events.addAll(added);
        while (events.size() > capacity) {
            if (!dropOldestHeartbeat()) {
                ConnectionEvent lost = events.removeFirst();
                droppedTransitions++;
                LOG.error("event queue full of transitions ({}): dropped {} {} of {}", capacity, lost.type(),
                        lost.time(), lost.connectionId());
            }
        }
    }

    private boolean dropOldestHeartbeat() {
        for (Iterator<ConnectionEvent> it = events.iterator(); it.hasNext(); ) {
            if (it.next().type() == EventType.HEARTBEAT) {
                it.remove();
                droppedHeartbeats++;
                return true;
            }
        }
        return false;
    }

    /** Up to {@code max} of the oldest events, left in the queue until {@link #removeSent} confirms them. */
    public synchronized List<ConnectionEvent> peek(int max) {
        var batch = new ArrayList<ConnectionEvent>(Math.min(max, events.size()));
        for (ConnectionEvent e : events) {
            if (batch.size() >= max) {
                break;
            }
            batch.add(e);
        }
        return batch;
    }

    /** Removes events that were published (by identity: overflow may have dropped some meanwhile). */
    public synchronized void removeSent(List<ConnectionEvent> sent) {
        Set<ConnectionEvent> done = Collections.newSetFromMap(new IdentityHashMap<>());
        done.addAll(sent);
        events.removeIf(done::contains);
    }

    /** The transitions still waiting, for the state file. */
    public synchronized List<ConnectionEvent> unsentTransitions() {
        return events.stream().filter(e -> e.type() != EventType.HEARTBEAT).toList();
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
