package io.almengine.detect;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.Agents.Logtail;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * ended it, whichever the engine happens to do first: sweep the deadline or read the end.
 */
class OutageReadLateTest {

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    @Test
    void aFlumeReconnectWaitingInKafkaAfterTheWindowRanOutStillLeavesTheAlarmRaisedAndCleared() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.stopEngine();
        produce(link.connected(t.plus(Duration.ofMinutes(5))));   // while the engine is down
        harness.clock.set(t.plus(Duration.ofMinutes(10)));
        harness.start();

        Alarm alarm = harness.awaitAlarm(link.connectionId(), a -> !a.active());
        assertEquals(t.plus(Duration.ofMinutes(3)), alarm.occurredAt(), "down for 5 minutes: raised at 3");
        assertEquals(t.plus(Duration.ofMinutes(5)), alarm.clearedAt());
        assertEquals(ClearType.AUTO, alarm.clearType());
        assertEquals(1, harness.alarmsOf(link.connectionId()).size());
    }

    @Test
    void aLogtailSilenceThatEndedWhileTheEngineWasDownIsRaisedAndClearedWithItsTimes() {
        Instant t = harness.freshHour();
        Logtail agent = Logtail.fresh();
        var beats = new ArrayList<ConnectionEvent>();
        for (int i = 0; i <= 5; i++) {
            beats.add(agent.heartbeat(t.plus(Duration.ofMinutes(i))));
        }
        harness.send(beats.toArray(ConnectionEvent[]::new));
        harness.stopEngine();
        Instant resumed = t.plus(Duration.ofMinutes(17));
        produce(agent.heartbeat(resumed));
        harness.clock.set(t.plus(Duration.ofMinutes(20)));
        harness.start();

        Alarm alarm = harness.awaitAlarm(agent.connectionId(), a -> !a.active());
        assertEquals(t.plus(Duration.ofMinutes(15)), alarm.occurredAt(), "12 minutes of silence: confirmed at 10");
        assertEquals(resumed, alarm.clearedAt());
        assertEquals(1, harness.alarmsOf(agent.connectionId()).size());
    }

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

    private static void produce(ConnectionEvent event) {
        try {
            harness.sendRaw(event.connectionId(), Json.MAPPER.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
