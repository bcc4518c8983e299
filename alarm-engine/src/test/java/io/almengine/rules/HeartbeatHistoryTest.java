package io.almengine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.model.EventType;
import io.almengine.model.Json;
import io.almengine.kafka.JsonSerde;
import io.almengine.testing.Agents.Logtail;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-connection heartbeat history: what is counted, and the exact window boundary. */
class HeartbeatHistoryTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    private static final Heartbeats KEEP_8 = new Heartbeats(8, null);
    private static final Duration WINDOW = Duration.ofMinutes(10);

    @Test
    void aReportCountsWhileYoungerThanTheWindowAndNotAtItsExactAge() {
        ConnectionState state = reportsAt(0, 60, 120);
        assertEquals(3, state.reportsWithin(WINDOW, T.plus(WINDOW).minusNanos(1)));
        assertEquals(2, state.reportsWithin(WINDOW, T.plus(WINDOW)), "the report at T is exactly 10 minutes old");
        assertEquals(0, state.reportsWithin(WINDOW, T.plusSeconds(120).plus(WINDOW)));
    }

    @Test
    void fewerThanNFromIsWhenTheNthNewestReportLeavesTheWindow() {
        ConnectionState state = reportsAt(0, 30, 60, 90, 120, 150, 180, 210, 240, 270);
        Instant eighthNewest = T.plusSeconds(60);
        assertEquals(eighthNewest.plus(WINDOW), state.fewerReportsFrom(8, WINDOW));
        assertEquals(8, state.reportsWithin(WINDOW, eighthNewest.plus(WINDOW).minusNanos(1)));
        assertEquals(7, state.reportsWithin(WINDOW, eighthNewest.plus(WINDOW)));
    }

    @Test
    void withFewerReportsThanNeededTheCountWasLowAllAlong() {
        ConnectionState state = reportsAt(0, 60, 120);
        assertEquals(T.plusSeconds(120), state.fewerReportsFrom(8, WINDOW));
    }

    @Test
    void onlyTheNewestReportTimesAreKept() {
        ConnectionState state = reportsAt(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110);
        assertEquals(8, state.beats().reportsKept());
        assertEquals(8, state.reportsWithin(WINDOW, T.plusSeconds(120)), "counted up to the kept number");
    }

    @Test
    void duplicatesAndLateEventsAreNeverCountedTwice() {
        Logtail agent = Logtail.fresh();
        ConnectionState state = ConnectionState.apply(null, agent.heartbeat(T), KEEP_8).state();
        state = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(60)), KEEP_8).state();
        ConnectionState.Applied duplicate = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(60)), KEEP_8);
        ConnectionState.Applied late = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(30)), KEEP_8);
        assertEquals(ConnectionState.Effect.IGNORED, duplicate.effect());
        assertEquals(ConnectionState.Effect.IGNORED, late.effect());
        assertSame(state, late.state());
        assertEquals(2, state.reportsWithin(WINDOW, T.plusSeconds(61)));
    }

    @Test
    void aDisconnectIsNotAHeartbeatAndSilenceCountsFromTheLastOne() {
        Logtail agent = Logtail.fresh();
        ConnectionState state = ConnectionState.apply(null, agent.heartbeat(T), KEEP_8).state();
        state = ConnectionState.apply(state, agent.event(EventType.DISCONNECTED, T.plusSeconds(30)), KEEP_8).state();
        assertEquals(T, state.lastBeat());
        assertEquals(1, state.reportsWithin(WINDOW, T.plusSeconds(31)));
    }

    @Test
    void withoutHeartbeatsInTheDefinitionsNoHistoryIsKept() {
        Logtail agent = Logtail.fresh();
        ConnectionState state = ConnectionState.apply(null, agent.heartbeat(T)).state();
        state = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(1))).state();
        assertNull(state.beats());
        assertEquals(T, state.lastBeat(), "silence then counts from the first event");
    }

    @Test
    void subMillisecondReportTimesLeaveTheWindowLateNeverEarly() {
        Logtail agent = Logtail.fresh();
        Instant odd = T.plusNanos(400_000);
        ConnectionState state = ConnectionState.apply(null, agent.heartbeat(odd), KEEP_8).state();
        state = ConnectionState.apply(state, agent.heartbeat(odd.plusSeconds(1)), KEEP_8).state();
        assertEquals(2, state.reportsWithin(WINDOW, odd.plus(WINDOW).minusNanos(1)), "not early");
        assertEquals(1, state.reportsWithin(WINDOW, T.plusMillis(1).plus(WINDOW)), "at most a millisecond late");
    }

    @Test
    void aStateWithHistoryAndAFollowingWatchComesBackFromTheStoresJsonUnchanged() throws Exception {
        var spec = new Heartbeats(8, new io.almengine.definition.AlarmDefinition.Intervals(1000, Duration.ofSeconds(1),
                io.almengine.definition.AlarmDefinition.PhiModel.EXPONENTIAL, null, Duration.ofSeconds(60)));
        Logtail agent = Logtail.fresh();
        ConnectionState state = null;
        for (long s : new long[] {0, 1, 2, 4}) {
            state = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(s).plusNanos(7)), spec).state();
        }
        state = state.with(new Watch(24102, T.plusSeconds(40), false, new Watch.Silence(Duration.ofSeconds(60), 16.0)))
                .with(new Watch(24101, null, true, new Watch.Silence(WINDOW, null, 8, WINDOW)));
        var serde = new JsonSerde<>(ConnectionState.class, Json.MAPPER);
        ConnectionState back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));
        assertEquals(state, back);
        assertEquals(state.beats().gaps(), back.beats().gaps());
        assertEquals(state.reportsWithin(WINDOW, T.plusSeconds(5)), back.reportsWithin(WINDOW, T.plusSeconds(5)));
    }

    @Test
    void aStateStoredBeforeHeartbeatHistoriesExistedStillReads() throws Exception {
        String old = """
                {"connectionId":"c|flume|s:1|10.0.0.1|a|k","component":"flume","up":false,
                 "since":"2026-11-20T08:00:00Z","lastSeen":"2026-11-20T08:00:00Z","params":{},
                 "watches":{"24003":{"alarmId":24003,"deadline":"2026-11-20T08:03:00Z","met":false}}}""";
        ConnectionState state = io.almengine.model.Json.MAPPER.readValue(old, ConnectionState.class);
        assertNull(state.beats());
        assertEquals(new Watch(24003, T.plus(Duration.ofMinutes(3)), false), state.watch(24003));
    }

    private static ConnectionState reportsAt(long... seconds) {
        Logtail agent = Logtail.fresh();
        ConnectionState state = null;
        for (long s : seconds) {
            state = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(s)), KEEP_8).state();
        }
        return state;
    }
}
