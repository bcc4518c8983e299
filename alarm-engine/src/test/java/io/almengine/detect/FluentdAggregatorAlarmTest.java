package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Severity;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24102 Fluentd forwarder lost its aggregator, on the engine's topology with the shipped definition
 * and rule: out_forward's phi-accrual detector (exponential model, phi_threshold 16, hard_timeout
 * 60 s) over heartbeat events, severity after the forwarder's other aggregators. Expected instants
 * and phi values are computed here from the heartbeats the test sent. What needs the API or two
 * partitions is in {@link FluentdAggregatorAlarmOnBrokerTest}.
 */
class FluentdAggregatorAlarmTest {

    private static final double THRESHOLD = 16;
    private static final Duration HARD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SECOND = Duration.ofSeconds(1);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    @Test
    void thePrimaryIsDetachedWhenPhiReachesSixteenNotOneNanosecondEarlierAndMinorWithAStandby() {
        Instant t = harness.freshHour();
        Fluentd primary = Fluentd.freshPrimary();
        Fluentd standby = primary.standby();
        Instant last = beat(t, SECOND, 20, primary, standby);

        Instant detached = last.plusNanos(crossingNanos(1.0));
        beat(last.plus(SECOND), SECOND, 36, standby);
        harness.clockAt(detached.minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(primary.connectionId()), "phi just under 16");

        harness.clockAt(detached);
        Alarm alarm = harness.awaitAlarm(primary.connectionId(), Alarm::active);
        assertEquals(24102, alarm.alarmId());
        assertEquals(detached, alarm.occurredAt());
        assertEquals(Severity.MINOR, alarm.severity(), "the standby still answers");
        assertEquals("16.00", alarm.params().get("phi"));
        assertEquals("16", alarm.params().get("phiThreshold"));
        assertEquals("1", alarm.params().get("reachablePeers"));
        assertEquals("primary", alarm.params().get("role"));
        assertEquals("boobooha", alarm.params().get("aggregatorGroup"));
        assertEquals("192.168.1.6", alarm.params().get("serverHost"));
        assertEquals("24224", alarm.params().get("serverPort"));
        assertEquals(primary.clientName(), alarm.params().get("clientName"));
        assertTrue(alarm.history().get(0).detail().startsWith(
                "detached forwarding server host=\"192.168.1.6\" port=24224 phi=16.00 phi_threshold=16"),
                alarm.history().get(0).detail());
        assertEquals(List.of(), harness.alarmsOf(standby.connectionId()));
    }

    @Test
    void sparseHeartbeatsAreLostAtTheHardTimeoutWithThePhiOfThatMoment() {
        Instant t = harness.freshHour();
        Fluentd lonely = Fluentd.freshPrimary();
        Instant last = beat(t, Duration.ofSeconds(30), 6, lonely);

        harness.clockAt(last.plus(HARD_TIMEOUT).minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(lonely.connectionId()));
        harness.clockAt(last.plus(HARD_TIMEOUT));
        Alarm alarm = harness.awaitAlarm(lonely.connectionId(), Alarm::active);
        assertEquals(last.plus(HARD_TIMEOUT), alarm.occurredAt());
        assertEquals(Severity.MAJOR, alarm.severity(), "no other aggregator at all");
        double mean = (1.0 + 5 * 30) / 6;   // the expected 1 s the window starts with, then five 30 s gaps
        assertEquals(format(60 / (mean * Math.log(10))), alarm.params().get("phi"), "phi 1.04: far from 16");
        assertEquals("0", alarm.params().get("reachablePeers"));
        assertTrue(alarm.history().get(0).detail().contains("hard timeout PT1M"), alarm.history().get(0).detail());
    }

    @Test
    void losingTheStandbyAfterThePrimaryIsMajorAndHeartbeatsRecoverBoth() {
        Instant t = harness.freshHour();
        Fluentd primary = Fluentd.freshPrimary();
        Fluentd standby = primary.standby();
        Instant last = beat(t, SECOND, 10, primary, standby);
        Instant standbyLast = beat(last.plus(SECOND), SECOND, 40, standby);
        Alarm primaryAlarm = harness.awaitAlarm(primary.connectionId(), Alarm::active);
        assertEquals(Severity.MINOR, primaryAlarm.severity());

        Instant standbyLost = standbyLast.plusNanos(crossingNanos(1.0));
        harness.clockAt(standbyLost);
        Alarm standbyAlarm = harness.awaitAlarm(standby.connectionId(), Alarm::active);
        assertEquals(Severity.MAJOR, standbyAlarm.severity(), "no aggregator reachable any more");
        assertEquals("standby", standbyAlarm.params().get("role"));
        assertEquals("0", standbyAlarm.params().get("reachablePeers"));

        Instant back = standbyLost.plusSeconds(5);
        harness.clockAt(back);
        harness.send(primary.heartbeat(back), standby.heartbeat(back));
        Alarm primaryCleared = harness.awaitAlarm(primary.connectionId(), a -> !a.active());
        Alarm standbyCleared = harness.awaitAlarm(standby.connectionId(), a -> !a.active());
        assertEquals(primaryAlarm.serialNo(), primaryCleared.serialNo());
        assertEquals(ClearType.AUTO, primaryCleared.clearType());
        assertEquals(back, primaryCleared.clearedAt());
        assertEquals(standbyAlarm.serialNo(), standbyCleared.serialNo());
        AlarmChange clearing = primaryCleared.history().get(primaryCleared.history().size() - 1);
        assertTrue(clearing.detail().startsWith("recovered forwarding server host=\"192.168.1.6\""), clearing.detail());
        assertEquals("severity minor → major: standby aggregator 192.168.1.7:24224 lost too",
                primaryCleared.history().get(1).detail(), "escalated when the standby was lost too");
    }

    @Test
    void bothAggregatorsLostAtOnceAreBothMajor() {
        Instant t = harness.freshHour();
        Fluentd primary = Fluentd.freshPrimary();
        Fluentd standby = primary.standby();
        Instant last = beat(t, SECOND, 15, primary, standby);
        harness.clockAt(last.plusNanos(crossingNanos(1.0)));
        assertEquals(Severity.MAJOR, harness.awaitAlarm(primary.connectionId(), Alarm::active).severity());
        assertEquals(Severity.MAJOR, harness.awaitAlarm(standby.connectionId(), Alarm::active).severity());
    }

    @Test
    void steadyHeartbeatsNeverReachTheRules() {
        Instant t = harness.freshHour();
        Fluentd primary = Fluentd.freshPrimary();
        Fluentd standby = primary.standby();
        beat(t, SECOND, 1, primary, standby);
        long before = harness.rulesEvaluated();
        Instant last = beat(t.plus(SECOND), SECOND, 60, primary, standby);
        assertEquals(before, harness.rulesEvaluated(), "120 heartbeats and a minute of sweeps, no rule evaluation");
        harness.clockAt(last.plusSeconds(30));
        assertEquals(List.of(), harness.alarmsOf(primary.connectionId()));
    }

    @Test
    void burstsAndGapsAreLearntSoTheRegularGapNeverAlarms() {
        Instant t = harness.freshHour();
        Fluentd link = Fluentd.freshPrimary();
        var gaps = new ArrayList<Double>(List.of(1.0));   // the window starts with the expected interval
        Instant at = t;
        harness.clockAt(at);
        harness.send(link.heartbeat(at));
        for (int round = 0; round < 10; round++) {
            for (double gap : new double[] {0.1, 0.1, 0.1, 0.1, 4.6}) {
                at = at.plusMillis(Math.round(gap * 1000));
                gaps.add(gap);
                harness.clockAt(at);
                harness.send(link.heartbeat(at));
            }
        }
        assertEquals(List.of(), harness.alarmsOf(link.connectionId()), "4.6 s gaps are this forwarder's rhythm");
        assertEquals(51, gaps.size());
        double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Instant expected = at.plusNanos(crossingNanos(mean));
        harness.clockAt(expected.minusMillis(1));
        assertEquals(List.of(), harness.alarmsOf(link.connectionId()));
        harness.clockAt(expected.plusMillis(1));
        Alarm alarm = harness.awaitAlarm(link.connectionId(), Alarm::active);
        assertTrue(Math.abs(Duration.between(expected, alarm.occurredAt()).toNanos()) <= 1000,
                "crossing at " + expected + ", raised as of " + alarm.occurredAt());
    }

    @Test
    void aForwarderWhoseClockIsBehindOrAheadRaisesNoFalseAlarmAndIsJudgedByItsStamps() {
        for (Duration skew : List.of(Duration.ofSeconds(-3), Duration.ofSeconds(3))) {
            Instant t = harness.freshHour();
            Fluentd link = Fluentd.freshPrimary();
            Instant stamped = null;
            for (int i = 0; i <= 30; i++) {
                Instant engineNow = t.plusSeconds(i);
                harness.clockAt(engineNow);
                stamped = engineNow.plus(skew);
                harness.send(link.heartbeat(stamped));
            }
            assertEquals(List.of(), harness.alarmsOf(link.connectionId()), "skew " + skew + ": no false alarm");
            Instant crossing = stamped.plusNanos(crossingNanos(1.0));
            harness.clockAt(crossing.minusNanos(1));
            assertEquals(List.of(), harness.alarmsOf(link.connectionId()));
            harness.clockAt(crossing);
            assertEquals(crossing, harness.awaitAlarm(link.connectionId(), Alarm::active).occurredAt());
        }
    }

    @Test
    void aReporterPausingForFiveSecondsRaisesNothing() {
        Instant t = harness.freshHour();
        Fluentd link = Fluentd.freshPrimary();
        Instant last = beat(t, SECOND, 20, link);
        Instant resumed = last.plusSeconds(6);
        harness.clockAt(resumed);
        harness.send(link.heartbeat(resumed));
        beat(resumed.plus(SECOND), SECOND, 5, link);
        assertEquals(List.of(), harness.alarmsOf(link.connectionId()), "phi 2.6 at the pause's end");
    }

    @Test
    void manyForwardersOnOneHostEachHaveTheirOwnStandby() {
        Instant t = harness.freshHour();
        Fluentd first = Fluentd.freshPrimary();
        var links = new ArrayList<Fluentd>();
        for (int i = 0; i < 8; i++) {
            Fluentd p = first.sibling(first.clientName() + "-w" + i);
            links.add(p);
            links.add(p.standby());
        }
        Fluentd failing = links.get(6);
        Fluentd failingStandby = links.get(7);
        Instant last = beat(t, SECOND, 10, links.toArray(Fluentd[]::new));
        var others = new ArrayList<>(links);
        others.remove(failing);
        beat(last.plus(SECOND), SECOND, 40, others.toArray(Fluentd[]::new));
        Alarm alarm = harness.awaitAlarm(failing.connectionId(), Alarm::active);
        assertEquals(failing.clientName(), alarm.params().get("clientName"));
        assertEquals(Severity.MINOR, alarm.severity(), "its own standby answers");
        assertEquals("1", alarm.params().get("reachablePeers"), "only its own standby is its peer");
        for (Fluentd l : links) {
            if (l != failing) {
                assertEquals(List.of(), harness.alarmsOf(l.connectionId()), l.clientName() + " " + l.role());
            }
        }
        assertTrue(harness.alarmsOf(failingStandby.connectionId()).isEmpty());
    }

    // ---------------------------------------------------------------- helpers

    /** Heartbeats from all {@code links} every {@code every}, {@code count} rounds from {@code start}; the last time. */
    private static Instant beat(Instant start, Duration every, int count, Fluentd... links) {
        Instant at = start;
        for (int i = 0; i < count; i++) {
            at = start.plus(every.multipliedBy(i));
            harness.clockAt(at);
            var events = new ArrayList<ConnectionEvent>();
            for (Fluentd link : links) {
                events.add(link.heartbeat(at));
            }
            harness.send(events.toArray(ConnectionEvent[]::new));
        }
        return at;
    }

    /** Silence after which out_forward's phi = gap / (mean * ln 10) reaches 16, to the nanosecond above. */
    private static long crossingNanos(double meanSeconds) {
        return (long) Math.ceil(THRESHOLD * Math.log(10) * meanSeconds * 1e9);
    }

    private static String format(double phi) {
        return String.format(Locale.ROOT, "%.2f", phi);
    }
}
