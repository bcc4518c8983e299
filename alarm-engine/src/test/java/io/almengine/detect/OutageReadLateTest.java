package io.almengine.detect;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.ConnectionEvent;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Watch;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An outage whose end is read before its deadline is swept: the events waited in Kafka while the
 * engine was down (sweeps wait until that backlog is read), or simply came late. By event time the
 * condition was met, so the alarm is raised with its true time and cleared by the event that
 * ended it, whichever the engine happens to do first: sweep the deadline or read the end. The
 * events that waited while the engine was down are in {@link OutageReadLateOnBrokerTest}.
 */
class OutageReadLateTest {

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    @Test
    void aLateHeartbeatAfterAGapBeyondThePhiThresholdRaisesAndClearsTheDetachment() {
        Instant t = harness.freshHour();
        Fluentd link = Fluentd.freshPrimary();
        var beats = new ArrayList<ConnectionEvent>();
        for (int i = 0; i <= 20; i++) {
            beats.add(link.heartbeat(t.plusSeconds(i)));
        }
        Instant back = t.plusSeconds(20 + 50);
        beats.add(link.heartbeat(back));
        // All in one go with the clock at t: no sweep can judge the 50 s gap before the heartbeat ending it is read.
        harness.send(beats.toArray(ConnectionEvent[]::new));

        Alarm alarm = harness.awaitAlarm(link.connectionId(), a -> !a.active());
        Instant detached = t.plusSeconds(20).plusNanos((long) Math.ceil(16 * Math.log(10) * 1e9));
        assertEquals(detached, alarm.occurredAt());
        assertEquals("16.00", alarm.params().get("phi"));
        assertEquals(back, alarm.clearedAt());
    }

    @Test
    void theFlumeRuleRaisesAndClearsAReconnectReadBeforeItsOverdueDeadline() {
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        List<AlarmDefinition> flume = catalog.forComponent("flume");
        RuleBook rules = RuleBook.load(EngineHarness.repoFolder("rules"));
        Instant t = T0;
        FlumeLink link = FlumeLink.fresh();
        try (RuleSession session = rules.newSession(catalog.all())) {
            ConnectionState armed = ConnectionState.apply(null, link.disconnected(t)).state()
                    .with(new Watch(24003, t.plus(Duration.ofMinutes(3)), false));
            ConnectionState back = ConnectionState.apply(armed, link.connected(t.plus(Duration.ofMinutes(5)))).state();
            List<Decision> decisions = session.evaluate(back, flume, t.plus(Duration.ofMinutes(2)));
            assertEquals(2, decisions.size(), decisions.toString());
            assertEquals(t.plus(Duration.ofMinutes(3)), ((Decision.Raise) decisions.get(0)).occurredAt());
            assertEquals(t.plus(Duration.ofMinutes(5)), ((Decision.Recover) decisions.get(1)).at());

            ConnectionState inTime = ConnectionState.apply(armed, link.connected(t.plus(Duration.ofMinutes(2)))).state();
            assertEquals(List.of(new Decision.Disarm(24003)), session.evaluate(inTime, flume, t.plus(Duration.ofMinutes(4))),
                    "back inside the window: the clock just stops, even if read late");
        }
    }
}
