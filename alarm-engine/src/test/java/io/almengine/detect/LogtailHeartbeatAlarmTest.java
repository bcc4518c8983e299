package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Severity;
import io.almengine.testing.Agents.Logtail;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ALM-24101 Logtail machine has no heartbeat, on the engine's topology with the shipped definition and
 * rule: suspect after 10 minutes without a heartbeat, confirmed by fewer than 8 reports in 10
 * minutes. A second pipeline runs the same rule with a 3-minute suspicion, where the two stages
 * come apart. Each test uses its own agents and its own hour of the moved clock.
 */
class LogtailHeartbeatAlarmTest {

    private static final Duration SUSPECT = Duration.ofMinutes(10);
    private static final Duration SHORT_SUSPECT = Duration.ofMinutes(3);
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private static PipelineHarness shipped;
    /** raiseAfter PT3M: an agent can be suspect while 8 or more of its reports are still in the window. */
    private static PipelineHarness twoStage;

    @BeforeAll
    static void startEngines() {
        shipped = new PipelineHarness().start();
        twoStage = new PipelineHarness(Definitions.shippedWith("ALM-24101.yaml",
                text -> text.replace("raiseAfter: PT10M", "raiseAfter: PT3M")),
                EngineHarness.repoFolder("rules"), EngineHarness.repoFolder("runbooks")).start();
    }

    @AfterAll
    static void stopEngines() {
        shipped.close();
        twoStage.close();
    }

    // ---------------------------------------------------------------- the seed's numbers

    @Test
    void raisesTenMinutesAfterTheLastHeartbeatNotOneNanosecondEarlier() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEvery(shipped, agent, t, Duration.ofMinutes(1), 6);

        shipped.clockAt(last.plus(SUSPECT).minusNanos(1));
        assertEquals(List.of(), shipped.alarmsOf(agent.connectionId()), "9:59.999999999 of silence is not 10 minutes");

        shipped.clockAt(last.plus(SUSPECT));
        Alarm alarm = shipped.awaitAlarm(agent.connectionId(), Alarm::active);
        assertEquals(24101, alarm.alarmId());
        assertEquals("Logtail machine has no heartbeat", alarm.name());
        assertEquals(Severity.MAJOR, alarm.severity());
        assertEquals(last.plus(SUSPECT), alarm.occurredAt(), "dated when the condition was met");
        assertEquals("group-web", alarm.params().get("machineGroup"));
        assertEquals(agent.clientIp(), alarm.params().get("clientIp"));
        assertEquals(agent.endpoint(), alarm.params().get("endpoint"));
        assertEquals(agent.clientName(), alarm.params().get("clientName"));
        assertEquals(last.toString(), alarm.params().get("lastHeartbeat"));
        assertEquals("0", alarm.params().get("reports"), "the last report is exactly 10 minutes old: out");
    }

    @Test
    void theNextHeartbeatClearsItWithTheSameSerialAndTheWatchStartsOver() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        shipped.send(agent.heartbeat(t));
        shipped.clockAt(t.plus(SUSPECT));
        Alarm raised = shipped.awaitAlarm(agent.connectionId(), Alarm::active);

        Instant back = t.plus(SUSPECT).plusSeconds(30);
        shipped.clockAt(back);
        shipped.send(agent.heartbeat(back));
        Alarm cleared = shipped.awaitAlarm(agent.connectionId(), a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(back, cleared.clearedAt());

        shipped.clockAt(back.plus(SUSPECT));
        Alarm again = shipped.awaitAlarm(agent.connectionId(), a -> a.active());
        assertNotEquals(raised.serialNo(), again.serialNo(), "a new silence is a new alarm");
        assertEquals(back.plus(SUSPECT), again.occurredAt());
    }

    @Test
    void steadyHeartbeatsNeverReachTheRulesAndNeverAlarm() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        shipped.send(agent.heartbeat(t));
        long before = shipped.rulesEvaluated();
        var beats = new ArrayList<ConnectionEvent>();
        for (int i = 1; i <= 50; i++) {
            beats.add(agent.heartbeat(t.plusSeconds(i * 60L)));
        }
        shipped.send(beats.toArray(ConnectionEvent[]::new));
        assertEquals(before, shipped.rulesEvaluated(), "50 heartbeats, no rule evaluation");

        shipped.clockAt(t.plusSeconds(50 * 60L).plus(SUSPECT).minusSeconds(1));
        assertEquals(List.of(), shipped.alarmsOf(agent.connectionId()), "50 minutes of heartbeats, no alarm");
    }

    @Test
    void irregularGapsBelowTheThresholdNeverAlarm() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        Instant at = t;
        for (long gap : new long[] {0, 540, 20, 599, 1, 300, 599}) {
            at = at.plusSeconds(gap);
            shipped.clockAt(at);
            shipped.send(agent.heartbeat(at));
        }
        shipped.clockAt(at.plus(SUSPECT).minusMillis(1));
        assertEquals(List.of(), shipped.alarmsOf(agent.connectionId()));
        shipped.clockAt(at.plus(SUSPECT));
        assertEquals(at.plus(SUSPECT), shipped.awaitAlarm(agent.connectionId(), Alarm::active).occurredAt());
    }

    @Test
    void aReporterThatStopsForAFewMinutesAndResumesRaisesNothing() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEvery(shipped, agent, t, Duration.ofMinutes(1), 5);
        // The pipeline that carries the reports restarts: 4 minutes without events, then a backlog.
        Instant resumed = last.plus(Duration.ofMinutes(4));
        shipped.clockAt(resumed);
        shipped.send(agent.heartbeat(last.plusSeconds(60)), agent.heartbeat(last.plusSeconds(120)),
                agent.heartbeat(last.plusSeconds(180)), agent.heartbeat(resumed));
        shipped.clockAt(resumed.plus(SUSPECT).minusSeconds(1));
        assertEquals(List.of(), shipped.alarmsOf(agent.connectionId()));
    }

    @Test
    void anAgentWhoseClockIsBehindIsJudgedByItsOwnStampsWithoutFalseAlarms() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEachMinuteWithClockOff(agent, t, Duration.ofSeconds(-5));
        assertEquals(List.of(), shipped.alarmsOf(agent.connectionId()), "no alarm while it reports");
        // Ten minutes after its last stamp: 5 s before the engine's own reading says so.
        raisedExactlyAt(shipped, agent, last.plus(SUSPECT));
    }

    @Test
    void anAgentWhoseClockIsAheadIsAcceptedAndRaisedTenMinutesAfterItsStamp() {
        Instant t = shipped.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEachMinuteWithClockOff(agent, t, Duration.ofSeconds(5));
        raisedExactlyAt(shipped, agent, last.plus(SUSPECT));
    }

    @Test
    void manyAgentsOnOneIpAreToldApartByName() {
        Instant t = shipped.freshHour();
        Logtail first = Logtail.fresh();
        var agents = new ArrayList<Logtail>();
        for (int i = 0; i < 20; i++) {
            agents.add(first.sibling(first.clientName() + "-c" + i));
        }
        Logtail quiet = agents.get(7);
        for (int minute = 0; minute <= 12; minute++) {
            Instant at = t.plus(Duration.ofMinutes(minute));
            shipped.clockAt(at);
            var beats = new ArrayList<ConnectionEvent>();
            for (Logtail a : agents) {
                if (a != quiet || minute == 0) {
                    beats.add(a.heartbeat(at));
                }
            }
            shipped.send(beats.toArray(ConnectionEvent[]::new));
        }
        Alarm alarm = shipped.awaitAlarm(quiet.connectionId(), Alarm::active);
        assertEquals(t.plus(SUSPECT), alarm.occurredAt());
        assertEquals(quiet.clientName(), alarm.params().get("clientName"));
        for (Logtail a : agents) {
            if (a != quiet) {
                assertEquals(List.of(), shipped.alarmsOf(a.connectionId()), a.clientName() + " kept reporting");
            }
        }
    }

    // ---------------------------------------------------------------- the two stages apart

    @Test
    void aSuspectAgentWithEightRecentReportsIsConfirmedOnlyWhenTheEighthLeavesTheWindow() {
        Instant t = twoStage.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEvery(twoStage, agent, t, Duration.ofSeconds(30), 21);   // t .. t+10m
        twoStage.clockAt(last.plus(SHORT_SUSPECT));
        assertEquals(List.of(), twoStage.alarmsOf(agent.connectionId()), "suspect, but 14 reports in the window");

        Instant eighthNewest = last.minusSeconds(7 * 30);
        Alarm alarm = raisedExactlyAt(twoStage, agent, eighthNewest.plus(WINDOW));   // 8 reports until then
        assertEquals("7", alarm.params().get("reports"));
    }

    @Test
    void aBurstOfBufferedReportsHoldsTheConfirmationBackUntilItLeavesTheWindow() {
        Instant t = twoStage.freshHour();
        Logtail agent = Logtail.fresh();
        var burst = new ArrayList<ConnectionEvent>();
        for (int i = 0; i < 10; i++) {
            burst.add(agent.heartbeat(t.plusMillis(100L * i)));
        }
        twoStage.send(burst.toArray(ConnectionEvent[]::new));
        twoStage.clockAt(t.plusMillis(900).plus(SHORT_SUSPECT));
        assertEquals(List.of(), twoStage.alarmsOf(agent.connectionId()), "suspect; ten reports in the window");
        Instant eighthNewest = t.plusMillis(200);
        raisedExactlyAt(twoStage, agent, eighthNewest.plus(WINDOW));
    }

    @Test
    void aHeartbeatDuringSuspicionEndsItAndTheNextSilenceIsJudgedAfresh() {
        Instant t = twoStage.freshHour();
        Logtail agent = Logtail.fresh();
        Instant last = reportEvery(twoStage, agent, t, Duration.ofSeconds(30), 21);   // t .. t+10m
        Instant heard = last.plus(Duration.ofMinutes(4));
        twoStage.clockAt(heard);
        long before = twoStage.rulesEvaluated();
        twoStage.send(agent.heartbeat(heard));
        assertEquals(before, twoStage.rulesEvaluated(), "the heartbeat only moved the deadline");

        // Reports now: heard, and t+10m back to t+7m every 30 s; the 8th newest is t+7m.
        Instant confirmed = t.plus(Duration.ofMinutes(7)).plus(WINDOW);
        assertEquals(heard.plus(SHORT_SUSPECT), confirmed, "both stages meet at the same instant here");
        raisedExactlyAt(twoStage, agent, confirmed);
        assertTrue(twoStage.alarmsOf(agent.connectionId()).size() == 1);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The shipped engine's agent heartbeating every minute for 15 minutes from {@code start} by the
     * engine's clock, its own clock {@code clockOff} from the engine's; returns its last stamp.
     */
    private static Instant reportEachMinuteWithClockOff(Logtail agent, Instant start, Duration clockOff) {
        Instant last = null;
        for (int i = 0; i < 15; i++) {
            Instant engineNow = start.plus(Duration.ofMinutes(i));
            shipped.clockAt(engineNow);
            last = engineNow.plus(clockOff);
            shipped.send(agent.heartbeat(last));
        }
        return last;
    }

    /** No alarm a nanosecond before {@code at}, the active alarm dated {@code at} at it. */
    private static Alarm raisedExactlyAt(PipelineHarness harness, Logtail agent, Instant at) {
        harness.clockAt(at.minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(agent.connectionId()), "a nanosecond before " + at);
        harness.clockAt(at);
        Alarm alarm = harness.awaitAlarm(agent.connectionId(), Alarm::active);
        assertEquals(at, alarm.occurredAt());
        return alarm;
    }

    /** {@code count} heartbeats {@code every} apart from {@code start}, the clock following; returns the last time. */
    private static Instant reportEvery(PipelineHarness harness, Logtail agent, Instant start, Duration every, int count) {
        Instant at = start;
        for (int i = 0; i < count; i++) {
            at = start.plus(every.multipliedBy(i));
            harness.clockAt(at);
            harness.send(agent.heartbeat(at));
        }
        return at;
    }
}
