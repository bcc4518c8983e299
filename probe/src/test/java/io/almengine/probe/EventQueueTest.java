package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe's waiting room: bounded, and transitions outlive heartbeats. */
class EventQueueTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    private final Link link = new Link();

    /** One client → server link, its events in one call each. */
    private static final class Link {
        ConnectionEvent connected(Instant at) {
            return event(EventType.CONNECTED, at);
        }

        ConnectionEvent disconnected(Instant at) {
            return event(EventType.DISCONNECTED, at);
        }

        ConnectionEvent heartbeat(Instant at) {
            return event(EventType.HEARTBEAT, at);
        }

        private static ConnectionEvent event(EventType type, Instant at) {
            return new ConnectionEvent(type, at, "flume", "cluster-a", "10.1.0.1", "client-1", "avro-sink", "127.0.0.1",
                    21154, Map.of());
        }
    }

    @Test
    void whenFullTheOldestHeartbeatGoesFirst() {
        var queue = new EventQueue(3);
        ConnectionEvent down = link.disconnected(T);
        ConnectionEvent beat1 = link.heartbeat(T.plusSeconds(1));
        ConnectionEvent beat2 = link.heartbeat(T.plusSeconds(2));
        ConnectionEvent up = link.connected(T.plusSeconds(3));
        queue.addAll(List.of(down, beat1, beat2));
        queue.addAll(List.of(up));
        assertEquals(List.of(down, beat2, up), queue.peek(10));
        assertEquals(1, queue.droppedHeartbeats());
        assertEquals(0, queue.droppedTransitions());
    }

    @Test
    void onlyAQueueFullOfTransitionsLosesOneTheOldest() {
        var queue = new EventQueue(2);
        queue.addAll(List.of(link.disconnected(T), link.connected(T.plusSeconds(1)), link.disconnected(T.plusSeconds(2))));
        assertEquals(List.of(EventType.CONNECTED, EventType.DISCONNECTED),
                queue.peek(10).stream().map(ConnectionEvent::type).toList());
        assertEquals(1, queue.droppedTransitions());
    }

    @Test
    void sentEventsAreRemovedByIdentityEvenIfOverflowMovedTheHead() {
        var queue = new EventQueue(3);
        ConnectionEvent beat = link.heartbeat(T);
        ConnectionEvent down = link.disconnected(T.plusSeconds(1));
        queue.addAll(List.of(beat, down));
        List<ConnectionEvent> batch = queue.peek(10);
        queue.addAll(List.of(link.connected(T.plusSeconds(2)), link.disconnected(T.plusSeconds(3))));   // drops `beat`
        queue.removeSent(batch);
        assertEquals(List.of(EventType.CONNECTED, EventType.DISCONNECTED),
                queue.peek(10).stream().map(ConnectionEvent::type).toList());
        assertEquals(2, queue.unsentTransitions().size());
    }
}
