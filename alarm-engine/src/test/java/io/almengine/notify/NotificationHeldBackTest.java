package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.lifecycle.AlarmAction;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.silence.Mask;
import io.almengine.silence.Matcher;
import io.almengine.silence.Schedule;
import io.almengine.silence.Silence;
import io.almengine.testing.NotifyDriver;
import io.almengine.testing.WebhookServer;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Silences, maintenance windows and masks hold notifications back, on the engine clock: the alarm
 * is named when nothing holds it back any more, and its history says why it was not.
 */
class NotificationHeldBackTest {

    private static final Instant T0 = NotifyDriver.T0;
    private WebhookServer hook;
    private NotifyDriver stage;

    @BeforeEach
    void start() {
        hook = new WebhookServer(java.time.Clock.systemUTC());
        stage = NotifyDriver.toWebhook(hook.url(), "  groupInterval: PT5M");
    }

    @AfterEach
    void close() {
        stage.close();
        hook.close();
    }

    private void silence(String id, Instant from, Instant to, Schedule schedule) {
        var s = new Silence(id, List.of(Matcher.of("source", "cluster-a", false, true)), from, to, schedule,
                "planned work", "ops", from);
        stage.suppressions.acceptSilence(id, s.toJson(from).toString().getBytes());
    }

    private List<String> heldReasons() {
        return stage.history().stream().filter(c -> c.action() instanceof AlarmAction.Notified n
                        && n.outcome().equals("held")).map(c -> ((AlarmAction.Notified) c.action()).answer()).toList();
    }

    @Test
    void aSilencedAlarmIsNotSentUntilTheSilenceEndsAndItsHistorySaysWhy() {
        silence("s1", T0, T0.plus(Duration.ofMinutes(10)), null);
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(0, hook.taken().size());
        assertEquals(List.of("silenced by s1: planned work"), heldReasons(), "said once");
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        assertEquals(0, hook.taken().size());
        assertEquals(1, heldReasons().size(), "not repeated at every flush");

        // The silence ends at 10:00; the group's next beat after it (10:30) names the alarm.
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(10)));
        assertEquals(1, hook.taken().size());
        assertEquals("firing", hook.taken().get(0).get("status").asText());
    }

    @Test
    void anAlarmThatStartedInAMaintenanceWindowSendsNeitherProblemNorRecovery() {
        // Every day of the week at T0's time of day, for an hour, in UTC.
        var daily = new Schedule(List.of(DayOfWeek.values()), LocalTime.ofInstant(T0, ZoneOffset.UTC),
                Duration.ofHours(1), ZoneOffset.UTC);
        silence("w1", T0.minus(Duration.ofDays(1)), null, daily);
        Alarm a = Alarms.flume(1, "cluster-a", T0.plus(Duration.ofMinutes(10)));
        stage.clockAt(T0.plus(Duration.ofMinutes(10)));
        stage.raised(a);
        stage.clockAt(T0.plus(Duration.ofMinutes(11)));
        stage.clockAt(T0.plus(Duration.ofMinutes(61)));
        stage.clockAt(T0.plus(Duration.ofMinutes(66)));
        assertEquals(0, hook.taken().size(), "the window ended, but the alarm started inside it");
        stage.cleared(Alarms.cleared(a, T0.plus(Duration.ofMinutes(70))));
        stage.clockAt(T0.plus(Duration.ofMinutes(71)));
        stage.clockAt(T0.plus(Duration.ofMinutes(76)));
        assertEquals(0, hook.taken().size(), "and neither is its recovery");
        assertTrue(heldReasons().get(0).startsWith("inside maintenance window w1"), heldReasons().toString());
        assertTrue(heldReasons().stream().anyMatch(r -> r.startsWith("started inside maintenance window w1")),
                heldReasons().toString());
    }

    @Test
    void anAlarmOfAMaskedIdIsNotSentAndIsOnceUnmasked() throws Exception {
        stage.suppressions.acceptMask("24003", Json.MAPPER.writeValueAsBytes(new Mask(24003, "upgrade", "admin", T0)));
        stage.raised(Alarms.flume(1, "cluster-b", T0));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(0, hook.taken().size());
        assertTrue(heldReasons().get(0).startsWith("ALM-24003 masked by admin"), heldReasons().toString());
        stage.suppressions.acceptMask("24003", null);
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        assertEquals(1, hook.taken().size());
    }

    @Test
    void theConnectionAlarmOfAFlappingLinkSendsNeitherProblemNorRecoveryAndSaysWhy() {
        Alarm churn = Alarms.flumeWhileFlapping(1, "cluster-a", T0);
        stage.raised(churn);
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(0, hook.taken().size());
        assertEquals(List.of("flapping: ALM-24901 is active on this link; raised and cleared as usual, not notified"),
                heldReasons());
        stage.cleared(Alarms.cleared(churn, T0.plus(Duration.ofMinutes(2))));
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(10)));
        assertEquals(0, hook.taken().size(), "nor its recovery");
        assertEquals(2, heldReasons().size(), "the raise and the clear, each said once: " + heldReasons());
    }

    @Test
    void anotherSourceIsSentAsUsual() {
        silence("s1", T0, T0.plus(Duration.ofMinutes(10)), null);
        stage.raised(Alarms.flume(1, "cluster-b", T0));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(1, hook.taken().size());
        assertEquals(List.of(), heldReasons());
    }
}
