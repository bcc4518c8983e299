package io.almengine.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.testing.EngineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nagios' weighted state change over a link's transitions, with the shipped ALM-24901 settings
 * (slots of 30 s, flapHigh 30 %, flapLow 20 %), at the exact thresholds and both ways of the
 * hysteresis. Slot x of the 21 is [F + x slots, F + (x + 1) slots); a transition at a slot's first
 * instant belongs to that slot.
 */
class FlapMeasureTest {

    private static final AlarmDefinition FLAPPING = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
            EngineHarness.repoFolder("runbooks")).byId(24901).orElseThrow();
    private static final Duration SLOT = Duration.ofSeconds(30);
    /** The first of the 21 slots looked at; slot-aligned. */
    private static final Instant F = Instant.parse("2026-11-20T08:00:00Z");
    /** Inside the newest of the 21 slots. */
    private static final Instant AT = slot(20).plusSeconds(15);

    private static Instant slot(int x) {
        return F.plus(SLOT.multipliedBy(x));
    }

    /** A link up before F, that goes down and up at the starts of the given slots, alternately. */
    private static ConnectionState link(int... slots) {
        return link(true, slots);
    }

    /** A link {@code upBefore} F, that changes state at the starts of the given slots. */
    private static ConnectionState link(boolean upBefore, int... slots) {
        var times = new ArrayList<Instant>();
        for (int x : slots) {
            times.add(slot(x));
        }
        boolean up = (slots.length % 2 == 0) == upBefore;
        Instant since = times.isEmpty() ? F.minusSeconds(3600) : times.get(times.size() - 1);
        return new ConnectionState("c", "flume", up, since, since, Map.of(), Map.of(), null, "",
                new TransitionHistory(times));
    }

    @Test
    void everySlotChangingIsOneHundredPercent() {
        int[] every = new int[20];
        for (int i = 0; i < 20; i++) {
            every[i] = i + 1;
        }
        assertEquals(100.0, link(every).flapPercent(AT, FLAPPING));
    }

    @Test
    void weightsRiseLinearlyFromOldestToNewest() {
        // One change only: between slot 0 and 1 (x = 1, weight 0.75), or between 19 and 20 (x = 20, 1.25).
        assertEquals(0.75 * 100 / 20, link(1, 21).flapPercent(AT, FLAPPING), 1e-12);
        assertEquals(1.25 * 100 / 20, link(20).flapPercent(AT, FLAPPING), 1e-12);
        // x = 10: 0.75 + 9 * 0.5 / 19.
        assertEquals((0.75 + 9 * 0.5 / 19) * 100 / 20, link(10, 21).flapPercent(AT, FLAPPING), 1e-12);
    }

    @Test
    void changesExactlyAtFlapHighRaiseAndOneChangeLessDoesNot() {
        // Changes at x = 1, 2, 3, 18, 19, 20: (6 * 0.75 + (0 + 1 + 2 + 17 + 18 + 19) * 0.5 / 19) * 5 = 30 %.
        ConnectionState exactly = link(1, 2, 3, 18, 19, 20);
        assertEquals(30.0, exactly.flapPercent(AT, FLAPPING));
        assertEquals(slot(20), exactly.flappingFrom(FLAPPING, slot(20)), "raised at the transition that made it 30 %");

        // Without the oldest change (x = 1): 26.25 %, never 30 % however long one waits.
        ConnectionState oneLess = link(2, 3, 18, 19, 20);
        assertEquals(26.25, oneLess.flapPercent(AT, FLAPPING));
        assertNull(oneLess.flappingFrom(FLAPPING, slot(20)));
    }

    @Test
    void aChangeToUpCountsAtTheSlotAfterTheOutageSoTheRaiseMayComeAtABoundary() {
        // Down for 10 s inside slot 19: slot 19 is down, slot 20 (from its first instant) is up.
        var times = new ArrayList<>(link(1, 2, 3, 18).changes().times());
        times.add(slot(19).plusSeconds(5));
        times.add(slot(19).plusSeconds(15));
        var state = new ConnectionState("c", "flume", true, times.get(5), times.get(5), Map.of(), Map.of(), null, "",
                new TransitionHistory(times));
        // At the reconnect, slot 19 is down, like 18 was not: x = 2, 3, 4, 19, 20 -> 24.4 %.
        assertEquals(371 * 100.0 / 1520, state.flapPercent(slot(19).plusSeconds(15), FLAPPING));
        Instant at = state.flappingFrom(FLAPPING, slot(19).plusSeconds(15));
        assertEquals(slot(20), at, "reached when slot 20 begins up: x = 1, 2, 3, 18, 19, 20");
        assertTrue(state.flapPercent(slot(20).minusNanos(1), FLAPPING) < 30);
        assertEquals(30.0, state.flapPercent(slot(20), FLAPPING));
    }

    @Test
    void anOutageShorterThanASlotIsNotMissed() {
        ConnectionState blip = new ConnectionState("c", "flume", true, slot(20).plusSeconds(12), slot(20).plusSeconds(12),
                Map.of(), Map.of(), null, "", new TransitionHistory(List.of(slot(20).plusSeconds(2), slot(20).plusSeconds(12))));
        assertEquals(1.25 * 100 / 20, blip.flapPercent(AT, FLAPPING), 1e-12, "a 10 s outage makes slot 20 down");
    }

    @Test
    void hysteresisBetweenLowAndHighAClearLinkStaysClear() {
        // x = 17, 18, 19, 20: 24.2 %, between flapLow and flapHigh, and only falling from here.
        ConnectionState between = link(17, 18, 19, 20);
        assertEquals(368 * 100.0 / 1520, between.flapPercent(AT, FLAPPING));
        assertNull(between.flappingFrom(FLAPPING, slot(20)), "not flapping: never reaches flapHigh");
    }

    @Test
    void hysteresisBetweenLowAndHighARaisedLinkStaysRaisedAndClearsBelowLow() {
        // x = 1, 2, 19, 20: exactly 20 % = flapLow, which is not below it.
        ConnectionState atLow = link(1, 2, 19, 20);
        assertEquals(20.0, atLow.flapPercent(AT, FLAPPING));
        assertTrue(atLow.calmsAt(FLAPPING, AT).isAfter(AT), "exactly flapLow: still flapping");
        // One change less (x = 1 gone: down before F, up at slot 2): 16.25 %, calm at once.
        ConnectionState below = link(false, 2, 19, 20);
        assertEquals(16.25, below.flapPercent(AT, FLAPPING));
        assertEquals(AT, below.calmsAt(FLAPPING, AT));
    }

    @Test
    void aStableLinkCalmsAtTheExactSlotBoundaryWhereTheMeasureFallsBelowFlapLow() {
        // 30 % at slot 20 (x = 1, 2, 3, 18, 19, 20), then nothing: the changes age a slot at a time.
        // Slot 21: x = 1, 2, 17, 18, 19 -> 25.59 %; slot 22: x = 1, 16, 17, 18 -> 21.32 %;
        // slot 23: x = 15, 16, 17 -> 17.17 % < 20 %.
        ConnectionState stable = link(1, 2, 3, 18, 19, 20);
        assertEquals(389 * 100.0 / 1520, stable.flapPercent(slot(21), FLAPPING));
        assertEquals(324 * 100.0 / 1520, stable.flapPercent(slot(23).minusNanos(1), FLAPPING));
        assertEquals(261 * 100.0 / 1520, stable.flapPercent(slot(23), FLAPPING));
        assertEquals(slot(23), stable.calmsAt(FLAPPING, slot(20)));
    }

    @Test
    void aLinkThatIsDownIsNeverCalmAndIsOnceItIsBack() {
        // Down at slot 20: one change, 6.25 %, below flapLow, but down.
        ConnectionState down = link(20);
        assertEquals(6.25, down.flapPercent(AT, FLAPPING));
        assertNull(down.calmsAt(FLAPPING, AT), "down: not stable, however low the measure");
        ConnectionState stillDown = link(1, 2, 3, 18, 19);
        assertNull(stillDown.calmsAt(FLAPPING, slot(19)), "nor later, with nothing changing");
        // Back up at slot 40, 20 slots after: only that change is left in the 21 slots, 6.25 %.
        ConnectionState back = link(1, 2, 3, 18, 19, 40);
        assertEquals(slot(40), back.calmsAt(FLAPPING, slot(19)));
    }

    @Test
    void aLinkThatNeverChangedNeverFlaps() {
        ConnectionState steady = new ConnectionState("c", "flume", true, F, F.plusSeconds(3600), Map.of(), Map.of());
        assertEquals(0, steady.transitionsKept());
        assertEquals(0.0, steady.flapPercent(AT, FLAPPING));
        assertNull(steady.flappingFrom(FLAPPING, F));
    }

    @Test
    void transitionsAreRecordedOnlyWhenTheLinkFlipsNeverOnAHeartbeat() {
        Duration keep = TransitionHistory.keptFor(SLOT);
        ConnectionState state = ConnectionState.apply(null, event(EventType.CONNECTED, F), null, keep).state();
        assertNull(state.changes(), "the first event is no transition");
        state = ConnectionState.apply(state, event(EventType.DISCONNECTED, F.plusSeconds(10)), null, keep).state();
        ConnectionState.Applied beat = ConnectionState.apply(state, event(EventType.DISCONNECTED, F.plusSeconds(20)),
                null, keep);
        assertEquals(ConnectionState.Effect.REFRESHED, beat.effect());
        assertSame(state.changes(), beat.state().changes());
        assertTrue(beat.state().sameButLastSeen(state), "a heartbeat stays off the store and off the rules");
        state = ConnectionState.apply(beat.state(), event(EventType.CONNECTED, F.plusSeconds(30)), null, keep).state();
        assertEquals(List.of(F.plusSeconds(10), F.plusSeconds(30)), state.changes().times());
    }

    @Test
    void theHistoryIsBoundedByAgeAndCount() {
        Duration keep = TransitionHistory.keptFor(SLOT);
        TransitionHistory h = null;
        for (int i = 0; i < 200; i++) {
            h = TransitionHistory.after(h, F.plusSeconds(i), keep);
        }
        assertEquals(TransitionHistory.MAX, h.count());
        assertEquals(F.plusSeconds(199), h.newest());
        h = TransitionHistory.after(h, F.plusSeconds(199).plus(keep), keep);
        assertEquals(2, h.count(), "only what is at most 22 slots older than the newest");
    }

    private static ConnectionEvent event(EventType type, Instant at) {
        return new ConnectionEvent(type, at, "flume", "cluster-a", "10.0.0.1", "c1", "sink", "10.0.0.9", 21154, Map.of());
    }
}
