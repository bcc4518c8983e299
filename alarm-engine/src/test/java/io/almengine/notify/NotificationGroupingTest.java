package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.testing.NotifyDriver;
import io.almengine.testing.WebhookServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager's grouping on the engine clock: groupWait, groupInterval, repeatInterval and
 * sendResolved, each at its exact boundary, with messages taken by a real local webhook.
 */
class NotificationGroupingTest {

    private static final Instant T0 = NotifyDriver.T0;
    private WebhookServer hook;
    private NotifyDriver stage;

    private NotifyDriver stage(String routeExtras) {
        hook = new WebhookServer(java.time.Clock.systemUTC());
        stage = NotifyDriver.toWebhook(hook.url(), routeExtras);
        return stage;
    }

    @AfterEach
    void close() {
        if (stage != null) {
            stage.close();
        }
        if (hook != null) {
            hook.close();
        }
    }

    @Test
    void aGroupIsSentOnceItsGroupWaitHasPassedAndNotBefore() {
        stage("");
        Alarm a = Alarms.flume(1, "cluster-a", T0);
        stage.raised(a);
        stage.clockAt(T0.plusSeconds(30).minusMillis(1));
        assertEquals(0, hook.taken().size());
        stage.raised(Alarms.flume(2, "cluster-a", T0.plusSeconds(10)));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(1, hook.taken().size());
        JsonNode message = hook.taken().get(0);
        assertEquals("firing", message.get("status").asText());
        assertEquals("{\"alarmId\":\"24003\",\"source\":\"cluster-a\"}", message.get("groupLabels").toString());
        assertEquals(List.of("1", "2"), serials(message));
    }

    @Test
    void alarmsOfOtherGroupsAreSentApart() {
        stage("");
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.raised(Alarms.flume(2, "cluster-b", T0));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(java.util.Set.of("{}:{alarmId=\"24003\", source=\"cluster-a\"}",
                "{}:{alarmId=\"24003\", source=\"cluster-b\"}"), hook.taken().stream()
                .map(m -> m.get("groupKey").asText()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void aNewAlarmInAGroupAlreadySentWaitsForTheGroupInterval() {
        stage("");
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.clockAt(T0.plusSeconds(30));
        stage.raised(Alarms.flume(2, "cluster-a", T0.plusSeconds(40)));
        Instant beat = T0.plusSeconds(30).plus(Duration.ofMinutes(5));
        stage.clockAt(beat.minusMillis(1));
        assertEquals(1, hook.taken().size());
        stage.clockAt(beat);
        assertEquals(2, hook.taken().size(), () -> hook.taken().toString());
        assertEquals(List.of("1", "2"), serials(hook.taken().get(1)));
    }

    @Test
    void nothingNewIsNotSentAgainBeforeTheRepeatIntervalThenSentAtIt() {
        stage("  repeatInterval: PT1H");
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        Instant first = T0.plusSeconds(30);
        stage.clockAt(first);
        // Beats every 5 minutes; the 12th is exactly an hour after the first message.
        for (int beat = 1; beat < 12; beat++) {
            stage.clockAt(first.plus(Duration.ofMinutes(5L * beat)));
        }
        assertEquals(1, hook.taken().size());
        stage.clockAt(first.plus(Duration.ofHours(1)));
        assertEquals(2, hook.taken().size(), () -> hook.taken().toString());
    }

    @Test
    void aClearIsSentAsResolvedWithItsEndTimeAtTheNextBeat() {
        stage("");
        Alarm a = Alarms.flume(1, "cluster-a", T0);
        stage.raised(a);
        stage.clockAt(T0.plusSeconds(30));
        Instant clearedAt = T0.plusSeconds(100);
        stage.cleared(Alarms.cleared(a, clearedAt));
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        assertEquals(2, hook.taken().size(), () -> hook.taken().toString());
        JsonNode resolved = hook.taken().get(1);
        assertEquals("resolved", resolved.get("status").asText());
        assertEquals(clearedAt.toString(), resolved.get("alerts").get(0).get("endsAt").asText());
        // The group is gone: nothing more, ever.
        stage.clockAt(T0.plus(Duration.ofHours(5)));
        assertEquals(2, hook.taken().size(), () -> hook.taken().toString());
    }

    @Test
    void withoutSendResolvedAClearSendsNothing() {
        stage("  sendResolved: false");
        Alarm a = Alarms.flume(1, "cluster-a", T0);
        stage.raised(a);
        stage.clockAt(T0.plusSeconds(30));
        stage.cleared(Alarms.cleared(a, T0.plusSeconds(100)));
        stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        stage.clockAt(T0.plus(Duration.ofHours(5)));
        assertEquals(1, hook.taken().size());
    }

    @Test
    void anAlarmRaisedAndClearedWithinGroupWaitIsNeverSent() {
        stage("");
        Alarm a = Alarms.flume(1, "cluster-a", T0);
        stage.raised(a);
        stage.cleared(Alarms.cleared(a, T0.plusSeconds(5)));
        stage.clockAt(T0.plusSeconds(30));
        stage.clockAt(T0.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), hook.requests());
    }

    @Test
    void eachSentMessageWritesOneHistoryEntryOnEachOfItsAlarms() {
        stage("");
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.raised(Alarms.flume(2, "cluster-a", T0));
        stage.clockAt(T0.plusSeconds(30));
        assertEquals(List.of("1 ops-hook sent", "2 ops-hook sent"), stage.history().stream()
                .map(c -> c.serialNo() + " " + c.action().args().get("receiver") + " " + c.action().args().get("outcome"))
                .sorted().toList());
        assertTrue(stage.history().stream().allMatch(c -> c.at().equals(T0.plusSeconds(30))), () -> stage.history().toString());
    }

    static List<String> serials(JsonNode message) {
        var out = new java.util.ArrayList<String>();
        message.get("alerts").forEach(a -> out.add(a.get("labels").get("serialNo").asText()));
        return out;
    }
}
