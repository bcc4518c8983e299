package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.TransitionHistory;
import io.almengine.rules.Watch;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24903 on the engine's topology with the shipped definitions and rules: a Fluentd link never
 * says down in its events, so its transitions are ALM-24102's raises (phi or the hard timeout) and
 * recoveries (the next heartbeat), and the same weighted state change judges them.
 */
class FlappingAggregatorTest {

    private static final AlarmDefinition FLAPPING = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
            EngineHarness.repoFolder("runbooks")).byId(24903).orElseThrow();

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    /** 20 heartbeats a second apart from {@code from}, then 65 s of silence (lost by phi on the way); the next start. */
    private static Instant cycle(Fluentd link, Instant from) {
        Instant at = from;
        for (int i = 0; i < 20; i++) {
            harness.clockAt(at);
            harness.send(link.heartbeat(at));
            at = at.plusSeconds(1);
        }
        return at.minusSeconds(1).plusSeconds(65);
    }

    @Test
    void aLinkLostForGoodAfterFlappingKeepsItsFlappingAlarmUntilItIsBack() {
        Instant t = harness.freshHour();
        Fluentd link = Fluentd.freshPrimary();
        Instant next = t;
        for (int c = 0; c < 6; c++) {
            next = cycle(link, next);
        }
        harness.clockAt(next);
        harness.send(link.heartbeat(next));
        assertTrue(harness.awaitAlarm(link.connectionId(), a -> a.alarmId() == 24903).active());

        // Then 20 heartbeats and silence for 20 minutes: lost once more, long after the measure calmed.
        Instant last = cycle(link, next.plusSeconds(1)).minusSeconds(65);
        for (int m = 1; m <= 20; m++) {
            harness.clockAt(last.plus(Duration.ofMinutes(m)));
        }
        assertEquals(1, alarms(link, 24903).size(), "raised once");
        assertTrue(alarms(link, 24903).get(0).active(), "a link lost for good is not stable: still flapping");
        List<Alarm> losses = alarms(link, 24102);
        Alarm lost = losses.get(losses.size() - 1);
        assertTrue(lost.active(), "the loss stays raised, whatever the flapping alarm's deadlines");
        assertEquals("flapping", lost.params().get("suppressedBy"), "and quiet: the flapping alarm is the news");
        assertTrue(harness.alarmsOf(link.connectionId()).stream().noneMatch(a -> a.clearType() == ClearType.RETRACTED),
                harness.alarmsOf(link.connectionId()).toString());

        // Back: the old changes have aged out, only this one is left (6.25 %): both clear at once.
        Instant back = last.plus(Duration.ofMinutes(20)).plusSeconds(1);
        harness.clockAt(back);
        harness.send(link.heartbeat(back));
        assertEquals(back, harness.alarmsOf(link.connectionId()).stream()
                .filter(a -> a.serialNo() == lost.serialNo()).findFirst().orElseThrow().clearedAt());
        assertEquals(back, alarms(link, 24903).get(0).clearedAt());
    }

    private static List<Alarm> alarms(Fluentd link, int alarmId) {
        return harness.alarmsOf(link.connectionId()).stream().filter(a -> a.alarmId() == alarmId).toList();
    }

    @Test
    void anAggregatorLostAndRecoveredAgainAndAgainRaisesFlappingAndQuietsTheLaterLosses() {
        Instant t = harness.freshHour();
        Fluentd link = Fluentd.freshPrimary();
        Instant next = t;
        for (int c = 0; c < 6; c++) {
            next = cycle(link, next);
        }
        harness.clockAt(next);
        harness.send(link.heartbeat(next));

        List<Alarm> losses = alarms(link, 24102);
        assertEquals(6, losses.size(), "each silence lost the aggregator: " + losses);
        assertTrue(losses.stream().noneMatch(Alarm::active), "and each heartbeat after it recovered it");
        Alarm flapping = harness.awaitAlarm(link.connectionId(), a -> a.alarmId() == 24903);
        assertTrue(flapping.active());

        // Raised exactly when the measure over those losses and recoveries reached 30 %.
        var times = new ArrayList<Instant>();
        losses.forEach(a -> {
            times.add(a.occurredAt());
            times.add(a.clearedAt());
        });
        var judged = new ConnectionState(link.connectionId(), "fluentd", true, t, next, Map.of(),
                Map.of(24102, Watch.idle(24102)), null, "", new TransitionHistory(times));
        assertEquals(judged.flappingFrom(FLAPPING, t), flapping.occurredAt());
        assertTrue(times.contains(flapping.occurredAt()) || flapping.occurredAt().getEpochSecond() % 30 == 0,
                "at a loss, a recovery or a slot boundary: " + flapping.occurredAt());

        // The losses after it are raised and cleared quietly; those before it were notified.
        for (Alarm loss : losses) {
            if (loss.occurredAt().isAfter(flapping.occurredAt())) {
                assertEquals("flapping", loss.params().get("suppressedBy"), loss.toString());
                assertEquals("ALM-24903", loss.params().get("suppressedByAlarm"));
            } else {
                assertNull(loss.params().get("suppressedBy"), loss.toString());
            }
        }

        // Stable from here: heartbeats every second for 15 minutes clear it, below flapLow.
        Instant at = next;
        for (int i = 1; i <= 900; i++) {
            at = next.plusSeconds(i);
            harness.send(link.heartbeat(at));
            if (i % 30 == 0) {
                harness.clockAt(at);
            }
        }
        Alarm cleared = harness.awaitAlarm(link.connectionId(), a -> a.alarmId() == 24903);
        assertTrue(!cleared.active(), "stable for 15 minutes");
        assertEquals(judged.calmsAt(FLAPPING, flapping.occurredAt()), cleared.clearedAt());
    }
}
