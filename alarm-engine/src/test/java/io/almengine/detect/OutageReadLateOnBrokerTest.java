package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Agents.Logtail;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Outages whose end waited in Kafka while the engine was down: after the restart the backlog is
 * read before any sweep, so the alarm is raised with its true time and cleared by the event that
 * ended it. A restart needs the broker; the rest of this behaviour is in {@link OutageReadLateTest}.
 */
class OutageReadLateOnBrokerTest {

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
    void aFlappingLinkKeepsItsTransitionsAcrossARestartAndIsRaisedAndClearedAsIfNoneHappened() {
        // Down at each even minute, up at each odd one; the engine stops after minute 3.
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t.minus(Duration.ofMinutes(10))));
        for (int m = 0; m <= 9; m++) {
            Instant at = t.plus(Duration.ofMinutes(m));
            ConnectionEvent e = m % 2 == 0 ? link.disconnected(at) : link.connected(at);
            if (m <= 3) {
                harness.clock.set(at);
                harness.send(e);
            } else {
                if (m == 4) {
                    harness.stopEngine();
                }
                produce(e);   // while the engine is down
            }
        }
        harness.clock.set(t.plus(Duration.ofMinutes(20)));
        harness.start();

        // The 6th change (minute 5) needs the 4 read before the restart: from the restored state.
        Alarm flapping = harness.awaitAlarm(link.connectionId(), a -> a.alarmId() == 24901 && !a.active());
        assertEquals(t.plus(Duration.ofMinutes(5)), flapping.occurredAt());
        assertEquals(t.plus(Duration.ofMinutes(15)), flapping.clearedAt());
        assertEquals(1, harness.alarmsOf(link.connectionId()).size(), "no outage lasted 3 minutes");
    }

    private static void produce(ConnectionEvent event) {
        try {
            harness.sendRaw(event.connectionId(), Json.MAPPER.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
