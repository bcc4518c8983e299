package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.model.EventType;
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

    private static ConnectionState reportsAt(long... seconds) {
        Logtail agent = Logtail.fresh();
        ConnectionState state = null;
        for (long s : seconds) {
            state = ConnectionState.apply(state, agent.heartbeat(T.plusSeconds(s)), KEEP_8).state();
        }
        return state;
    }
}
