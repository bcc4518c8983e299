package io.almengine.detect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.ClearType;
import io.almengine.model.Severity;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24003 as the design states it, on the engine's topology (without a broker) and the shipped
 * definition and rules, with the engine clock moved by the test. Each test uses its own client, so
 * they share one pipeline.
 */
class FlumeConnectionAlarmTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    @Test
    void raisesAfterThreeContinuousMinutesNotOneSecondEarlier() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t), link.disconnected(t.plusSeconds(10)));

        harness.clockAt(t.plusSeconds(10).plus(WINDOW).minusSeconds(1));
        assertEquals(List.of(), harness.alarmsOf(link), "no alarm at 2:59");

        harness.clockAt(t.plusSeconds(10).plus(WINDOW));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        assertEquals(24003, alarm.alarmId());
        assertEquals(Severity.MAJOR, alarm.severity());
        assertEquals("Flume Client connection interrupted", alarm.name());
        assertEquals(t.plusSeconds(10).plus(WINDOW), alarm.occurredAt(), "occurredAt is the true crossing");
        assertEquals(link.clientIp(), alarm.params().get("clientIp"));
        assertEquals(link.clientName(), alarm.params().get("clientName"));
        assertEquals(link.sinkName(), alarm.params().get("sinkName"));
        assertEquals("cluster-a", alarm.params().get("source"));
        assertEquals(1, alarm.count());
    }

    @Test
    void eventTimesFinerThanMillisecondsRaiseAtTheirExactCrossing() {
        Instant t = harness.freshHour().plusNanos(123_456_789);
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));

        harness.clockAt(t.plus(WINDOW).minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(link), "one nanosecond early is still early");

        harness.clockAt(t.plus(WINDOW));
        assertEquals(t.plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt());
    }

    @Test
    void reconnectInsideWindowRestartsTheClock() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t), link.connected(t.plusSeconds(120)), link.disconnected(t.plusSeconds(150)));

        harness.clockAt(t.plusSeconds(150).plus(WINDOW).minusSeconds(1));
        assertEquals(List.of(), harness.alarmsOf(link), "the first outage never lasted 3 minutes");

        harness.clockAt(t.plusSeconds(150).plus(WINDOW));
        assertEquals(t.plusSeconds(150).plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt());
    }

    @Test
    void clearsByItselfOnTheFirstLaterConnectionSharingTheSerialNumber() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);

        harness.send(link.heartbeat(t.plusSeconds(200)));
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(t.plusSeconds(200), cleared.clearedAt());
        assertEquals(1, harness.alarmsOf(link).size());
    }

    @Test
    void connectedEventClearsToo() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(t.plus(WINDOW).plusSeconds(1)));
        assertEquals(ClearType.AUTO, harness.awaitAlarm(link, a -> !a.active()).clearType());
    }

    @Test
    void aDisconnectWithNoEarlierEventStartsTheClockAtItsOwnTime() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.clockAt(t.plus(Duration.ofMinutes(10)));
        harness.send(link.disconnected(t));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        assertEquals(t.plus(WINDOW), alarm.occurredAt(), "raised with the time the window ran out, not now");
    }

    @Test
    void duplicateEventsChangeNothing() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t), link.disconnected(t), link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        harness.awaitAlarm(link, Alarm::active);
        harness.send(link.disconnected(t), link.disconnected(t.plusSeconds(60)));
        harness.clockAt(t.plus(WINDOW).plusSeconds(60));
        harness.send(link.connected(t.plusSeconds(300)), link.connected(t.plusSeconds(300)));

        List<Alarm> alarms = harness.alarmsOf(link);
        assertEquals(1, alarms.size(), "one alarm per connection and type");
        assertEquals(1, harness.awaitAlarm(link, a -> !a.active()).count());
        long changes = harness.alarmEvents().stream()
                .filter(e -> link.connectionId().equals(e.get("connectionId"))).count();
        assertEquals(2, changes, "one raise and one clear on alm.alarm-events");
    }

    @Test
    void anEventOlderThanTheStateItWouldChangeIsIgnored() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.heartbeat(t.plusSeconds(100)), link.disconnected(t.plusSeconds(50)));
        harness.clockAt(t.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), harness.alarmsOf(link), "the late disconnect was older than the heartbeat");

        harness.send(link.disconnected(t.plus(Duration.ofMinutes(11))));
        harness.clockAt(t.plus(Duration.ofMinutes(14)));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(t.plus(Duration.ofMinutes(5))));
        harness.clockAt(t.plus(Duration.ofMinutes(15)));
        assertTrue(harness.alarmsOf(link).get(0).active(), "a connect older than the disconnect does not clear");
        assertEquals(raised.serialNo(), harness.alarmsOf(link).get(0).serialNo());
    }

    @Test
    void aLateDisconnectOlderThanTheNewestHeartbeatIsIgnoredThoughHeartbeatsAreNotSaved() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t), link.heartbeat(t.plusSeconds(100)), link.disconnected(t.plusSeconds(50)));
        harness.clockAt(t.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), harness.alarmsOf(link), "the late disconnect was older than the heartbeat");
    }

    @Test
    void heartbeatsOnALinkThatIsUpWriteNoStateUntilTheLinkChanges() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t), link.heartbeat(t.plusSeconds(30)), link.heartbeat(t.plusSeconds(60)),
                link.heartbeat(t.plusSeconds(90)), link.disconnected(t.plusSeconds(120)));
        String changelog = harness.changelogOf(DetectProcessor.CONNECTIONS_STORE);
        await().atMost(Duration.ofSeconds(10)).until(() -> savedStates(changelog, link) >= 2);
        assertEquals(2, savedStates(changelog, link), "the connect and the disconnect, no heartbeat");

        harness.clockAt(t.plusSeconds(120).plus(WINDOW));
        assertEquals(t.plusSeconds(120).plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt());
    }

    private static long savedStates(String changelog, FlumeLink link) {
        return harness.readRecords(changelog).stream().filter(r -> link.connectionId().equals(r.key())).count();
    }

    @Test
    void aConnectionThatStaysUpNeverAlarms() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t), link.heartbeat(t.plusSeconds(30)), link.heartbeat(t.plusSeconds(60)));
        harness.clockAt(t.plus(Duration.ofMinutes(30)));
        assertEquals(List.of(), harness.alarmsOf(link));
    }

    @Test
    void aNewOutageAfterAClearIsANewAlarm() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        Alarm first = harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(t.plusSeconds(200)), link.disconnected(t.plusSeconds(300)));
        harness.clockAt(t.plusSeconds(300).plus(WINDOW));
        Alarm second = harness.awaitAlarm(link, a -> a.active() && a.serialNo() != first.serialNo());
        assertEquals(t.plusSeconds(300).plus(WINDOW), second.occurredAt());
        assertEquals(AlarmState.CLEARED, harness.alarmsOf(link).get(0).state());
    }

    @Test
    void retiringAConnectionStopsTrackingAndClearsItsAlarmManually() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        harness.awaitAlarm(link, Alarm::active);

        harness.retire(link);
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals(ClearType.MANUAL, cleared.clearType());

        FlumeLink other = FlumeLink.fresh();
        harness.send(other.disconnected(t.plusSeconds(1)));
        harness.retire(other);
        harness.clockAt(t.plus(Duration.ofMinutes(20)));
        assertEquals(List.of(), harness.alarmsOf(other), "a retired connection's clock stops too");
    }
}
