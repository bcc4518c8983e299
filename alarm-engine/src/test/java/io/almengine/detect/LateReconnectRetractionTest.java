package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ConnectionEvent;
import io.almengine.testing.Agents.Logtail;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An alarm raised on the engine's clock whose ending event, dated inside the window, is read only
 * afterwards (a probe's queue draining, a producer retrying): by event time the condition never
 * held, so the alarm is withdrawn as {@code retracted}, never shown cleared before it occurred. On the
 * engine's topology; what the API shows of it is in {@link LateReconnectRetractionOnBrokerTest}.
 */
class LateReconnectRetractionTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    @Test
    void aReconnectDatedInsideTheWindowButReadAfterTheRaiseRetractsTheAlarm() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        Instant retractedAt = t.plus(WINDOW).plusSeconds(20);
        harness.clockAt(retractedAt);
        Alarm raised = harness.awaitAlarm(link, Alarm::active);

        Instant reconnect = t.plus(WINDOW).minusSeconds(1);
        harness.send(link.connected(reconnect));
        Alarm retracted = harness.awaitAlarm(link, a -> !a.active());

        assertEquals(raised.serialNo(), retracted.serialNo());
        assertEquals("retracted", retracted.clearType().wireName());
        assertEquals(t.plus(WINDOW), retracted.occurredAt(), "occurredAt stays the end of the window");
        assertEquals(retractedAt, retracted.clearedAt(), "when the engine retracted it");
        assertFalse(retracted.clearedAt().isBefore(retracted.occurredAt()));
        AlarmChange last = retracted.history().get(retracted.history().size() - 1);
        assertEquals("retracted", last.change());
        assertEquals(retractedAt, last.at());
        assertTrue(last.detail().contains(reconnect.toString()), "says why: " + last.detail());
        assertEquals(1, harness.alarmsOf(link).size());
        assertEquals("retracted", harness.alarmEvents().stream()
                .filter(e -> link.connectionId().equals(e.get("connectionId")))
                .reduce((a, b) -> b).orElseThrow().get("change"), "alm.alarm-events says so too");
    }

    @Test
    void aReconnectDatedExactlyWhenTheWindowRanOutStillClearsAutomatically() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW).plusSeconds(20));
        harness.awaitAlarm(link, Alarm::active);

        harness.send(link.connected(t.plus(WINDOW)));
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals("auto", cleared.clearType().wireName(), "down for the whole window: a real outage");
        assertEquals(t.plus(WINDOW), cleared.clearedAt());
    }

    @Test
    void aRetractionIsNeverDatedBeforeTheAlarmOccurred() {
        // The engine's clock stepped back behind the alarm's own time (an NTP correction): the
        // retraction takes the alarm's occurredAt, never an earlier instant.
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW).plusSeconds(5));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);
        harness.clock.set(t.plus(Duration.ofMinutes(2)));

        harness.send(link.connected(t.plusSeconds(60)));
        Alarm retracted = harness.awaitAlarm(link, a -> !a.active());
        assertEquals("retracted", retracted.clearType().wireName());
        assertEquals(raised.occurredAt(), retracted.clearedAt());
    }

    @Test
    void aHeartbeatDatedBeforeALogtailAlarmOccurredRetractsItAndTheSilenceIsJudgedAfresh() {
        Instant t = harness.freshHour();
        Logtail agent = Logtail.fresh();
        var beats = new ArrayList<ConnectionEvent>();
        for (int i = 0; i <= 5; i++) {
            beats.add(agent.heartbeat(t.plus(Duration.ofMinutes(i))));
        }
        harness.send(beats.toArray(ConnectionEvent[]::new));
        harness.clockAt(t.plus(Duration.ofMinutes(16)));
        Alarm raised = harness.awaitAlarm(agent.connectionId(), Alarm::active);
        assertEquals(t.plus(Duration.ofMinutes(15)), raised.occurredAt());

        harness.send(agent.heartbeat(t.plus(Duration.ofMinutes(14))));
        Alarm retracted = harness.awaitAlarm(agent.connectionId(), a -> !a.active());
        assertEquals("retracted", retracted.clearType().wireName());
        assertEquals(t.plus(Duration.ofMinutes(16)), retracted.clearedAt());

        harness.clockAt(t.plus(Duration.ofMinutes(24)));
        Alarm again = harness.awaitAlarm(agent.connectionId(), Alarm::active);
        assertEquals(t.plus(Duration.ofMinutes(24)), again.occurredAt(), "silent since the late heartbeat at 14");
    }
}
