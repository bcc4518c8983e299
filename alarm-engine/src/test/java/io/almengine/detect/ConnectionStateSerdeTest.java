package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.model.Json;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.HeartbeatHistory;
import io.almengine.rules.Watch;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the connection store keeps survives the binary form, whatever fields the state has. */
class ConnectionStateSerdeTest {

    private final ConnectionStateSerde serde = new ConnectionStateSerde();

    private ConnectionState roundTrip(ConnectionState state) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
    }

    @Test
    void everyFieldOfTheStateSurvivesTheRoundTrip() throws Exception {
        // Filled by reflection: a field added to ConnectionState gets a value here, and this test
        // fails until the serde writes and reads it (see the serde's notes on adding a field).
        RecordComponent[] components = ConnectionState.class.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = sample(components[i].getGenericType(), components[i].getName());
        }
        ConnectionState state = ConnectionState.class.getDeclaredConstructor(
                Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new)).newInstance(values);
        assertEquals(state, roundTrip(state));
    }

    @Test
    void statesAsDetectionBuildsThemSurvive() {
        var event = new ConnectionEvent(EventType.DISCONNECTED, Instant.parse("2026-11-20T08:00:00.123456789Z"),
                "flume", "hacluster", "192.168.10.21", "client1", "avro_sink", "192.168.10.5", 21154,
                Map.of("rack", "r12", "机房", "东区"));
        ConnectionState fresh = ConnectionState.apply(null, event).state();
        assertEquals(fresh, roundTrip(fresh));
        ConnectionState armed = fresh.with(new Watch(24003, event.time().plusSeconds(180), false));
        assertEquals(armed, roundTrip(armed));
        ConnectionState met = armed.with(new Watch(24003, null, true)).with(new Watch(24010, Instant.EPOCH, false));
        assertEquals(met, roundTrip(met));
        ConnectionState early = fresh.with(new Watch(7, Instant.parse("1969-07-20T20:17:40Z"), false));
        assertEquals(early, roundTrip(early));
    }

    @Test
    void statesWrittenAsJsonByEarlierVersionsAreStillRead() throws Exception {
        var event = new ConnectionEvent(EventType.HEARTBEAT, Instant.parse("2026-11-20T08:00:00Z"), "flume", "c",
                "10.0.0.1", "", "", "h", 1, Map.of());
        ConnectionState state = ConnectionState.apply(null, event).state()
                .with(new Watch(24003, Instant.parse("2026-11-20T08:03:00Z"), false));
        assertEquals(state, serde.deserializer().deserialize("t", Json.MAPPER.writeValueAsBytes(state)));
    }

    @Test
    void aFlappingLinksTransitionsSurviveAndAnEmptyHistoryIsNotNone() {
        var history = new io.almengine.rules.TransitionHistory(List.of(Instant.parse("2026-11-20T08:00:00Z"),
                Instant.parse("2026-11-20T08:01:00Z"), Instant.parse("2026-11-20T08:02:00Z")));
        var state = new ConnectionState("c", "flume", false, Instant.parse("2026-11-20T08:02:00Z"),
                Instant.parse("2026-11-20T08:02:00Z"), Map.of(), Map.of(24901, new Watch(24901, null, true)), null, "r",
                history);
        assertEquals(state, roundTrip(state));
        var empty = new ConnectionState("c", "flume", false, null, null, Map.of(), Map.of(), null, "",
                new io.almengine.rules.TransitionHistory(List.of()));
        assertEquals(empty, roundTrip(empty));
    }

    @Test
    void statesWrittenBeforeTransitionsWereKeptAreReadWithNone() {
        // The current format up to the reporter, as every state stored so far ends.
        var event = new ConnectionEvent(EventType.DISCONNECTED, Instant.parse("2026-11-20T08:00:00Z"), "flume",
                "hacluster", "192.168.10.21", "client1", "avro_sink", "192.168.10.5", 21154, Map.of());
        ConnectionState state = ConnectionState.apply(null, event).state()
                .with(new Watch(24003, Instant.parse("2026-11-20T08:03:00Z"), false));
        byte[] written = serde.serializer().serialize("t", state);
        assertEquals(0, written[written.length - 1], "a state without transitions ends with a 0 count");
        byte[] older = Arrays.copyOf(written, written.length - 1);
        ConnectionState read = serde.deserializer().deserialize("t", older);
        assertEquals(state, read);
        assertNull(read.changes());
    }

    @Test
    void nullStaysNull() {
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    private static Object sample(Type type, String name) {
        if (type == String.class) {
            return name + "-värde";
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == int.class || type == Integer.class) {
            return 42;
        }
        if (type == long.class || type == Long.class) {
            return -4_200_000_000L;
        }
        if (type == double.class || type == Double.class) {
            return 4.25;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-11-20T08:00:00.000000123Z").plusSeconds(name.hashCode() % 1000);
        }
        if (type == Duration.class) {
            return Duration.ofMillis(1234);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Map.class) {
            Type[] args = p.getActualTypeArguments();
            if (args[0] == String.class && args[1] == String.class) {
                return Map.of("source", "s", "clientIp", "10.0.0.1", "rack", "r1", "", "empty key");
            }
            if (args[0] == Integer.class && args[1] == Watch.class) {
                return Map.of(24003, new Watch(24003, Instant.parse("2026-11-20T08:03:00Z"), false),
                        24010, new Watch(24010, null, true),
                        24101, new Watch(24101, Instant.parse("2026-11-20T08:10:00Z"), false,
                                new Watch.Silence(java.time.Duration.ofMinutes(10), 16.0, 8,
                                        java.time.Duration.ofMinutes(10))));
            }
        }
        if (type == io.almengine.rules.HeartbeatHistory.class) {
            return new io.almengine.rules.HeartbeatHistory(Instant.parse("2026-11-20T08:02:59.5Z"),
                    List.of(1_795_680_120_000L, 1_795_680_060_000L),
                    new io.almengine.rules.HeartbeatHistory.Gaps(12, 1000.5, 20.25, 3, 998.0, 4.0));
        }
        if (type == io.almengine.rules.TransitionHistory.class) {
            // Older than since (the first is written as its difference from it, negative), and finer than a second.
            return new io.almengine.rules.TransitionHistory(List.of(Instant.parse("2026-11-20T07:50:00.5Z"),
                    Instant.parse("2026-11-20T07:51:00.000000001Z"), Instant.parse("2026-11-20T08:10:00Z")));
        }
        throw new AssertionError("ConnectionState has a field '" + name + "' of type " + type
                + ": teach ConnectionStateSerde (and this test's samples) about it");
    }
}
