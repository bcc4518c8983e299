package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.testing.MutableClock;
import io.almengine.testing.NotifyDriver;
import io.almengine.testing.WebhookServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery on the engine clock, to a real local webhook: retries with back-off while the receiver
 * is down and everything in order per group once it is back; a Retry-After honoured; a 4xx failed
 * for good; a storm within the receiver's limit, with every alarm named in a message or a digest.
 */
class NotificationDeliveryTest {

    private static final Instant T0 = NotifyDriver.T0;
    private final MutableClock clock = new MutableClock(T0);
    private final WebhookServer hook = new WebhookServer(clock);
    private NotifyDriver stage;

    private void stage(String groupBy, String webhookExtras) {
        stage = new NotifyDriver("""
                receivers:
                  - name: ops-hook
                    webhook: {url: "%s"%s}
                route:
                  receiver: ops-hook
                  groupBy: %s
                """.formatted(hook.url(), webhookExtras, groupBy), Map.of(),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16)), clock);
    }

    @AfterEach
    void close() {
        if (stage != null) {
            stage.close();
        }
        hook.close();
    }

    @Test
    void aReceiverDownForTenMinutesGetsEverythingAfterwardsInOrderPerGroup() {
        stage("[alarmId, source]", "");
        hook.answer(new WebhookServer.Answer(502, "bad gateway", null));
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.raised(Alarms.flume(2, "cluster-b", T0));
        stage.clockAt(T0.plusSeconds(30));
        // A new alarm in cluster-a's group: its next message, at the group's next beat.
        stage.clockAt(T0.plusSeconds(60));
        stage.raised(Alarms.flume(3, "cluster-a", T0.plusSeconds(60)));
        stage.runUntil(T0.plusSeconds(30).plus(Duration.ofMinutes(10)), Duration.ofSeconds(1));
        assertTrue(hook.taken().isEmpty());
        List<Attempt> retries = stage.attempts();
        assertTrue(retries.stream().allMatch(a -> a.outcome() == Delivery.Outcome.RETRY), retries.toString());
        // Backing off: far fewer tries than the 600 seconds it was down, each after the one before.
        assertTrue(retries.size() < 80, retries.size() + " tries");
        for (int i = 1; i < retries.size(); i++) {
            assertTrue(!retries.get(i).at().isBefore(retries.get(i - 1).at().plusMillis(500)), retries.toString());
        }

        hook.answer(WebhookServer.Answer.OK);
        stage.runUntil(clock.instant().plusSeconds(20), Duration.ofSeconds(1));
        List<String> delivered = hook.taken().stream().map(m -> m.get("groupLabels").get("source").asText() + ":"
                + NotificationGroupingTest.serials(m)).toList();
        assertEquals(List.of("cluster-a:[1]", "cluster-b:[2]", "cluster-a:[1, 3]"), delivered);
    }

    @Test
    void aRetryAfterFromTheServiceIsWaitedOutExactly() {
        stage("[alarmId]", "");
        hook.answer(new WebhookServer.Answer(429, "slow down", 120));
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        Instant first = T0.plusSeconds(30);
        stage.clockAt(first);
        assertEquals(1, hook.requests().size());
        hook.answer(WebhookServer.Answer.OK);
        stage.runUntil(first.plusSeconds(119), Duration.ofSeconds(1));
        assertEquals(1, hook.requests().size());
        stage.clockAt(first.plusSeconds(120));
        assertEquals(2, hook.requests().size());
        assertEquals(first.plusSeconds(120), hook.requests().get(1).at());
    }

    @Test
    void aClientErrorIsRecordedAsFailedWithTheAnswerAndNeverRetried() {
        stage("[alarmId, source]", "");
        hook.answer(new WebhookServer.Answer(400, "unknown field 'truncatedAlerts'", null));
        stage.raised(Alarms.flume(1, "cluster-a", T0));
        stage.clockAt(T0.plusSeconds(30));
        stage.runUntil(T0.plus(Duration.ofMinutes(3)), Duration.ofSeconds(1));
        assertEquals(1, hook.requests().size());
        Attempt failed = stage.attempts().get(0);
        assertEquals(Delivery.Outcome.FAILED, failed.outcome());
        assertEquals("400 unknown field 'truncatedAlerts'", failed.answer());
        AlarmCommand entry = stage.history().get(0);
        assertEquals(Map.of("receiver", "ops-hook", "outcome", "failed", "answer", "400 unknown field 'truncatedAlerts'"),
                entry.action().args());
        // The receiver's next message is not held up by the failed one.
        hook.answer(WebhookServer.Answer.OK);
        stage.raised(Alarms.flume(2, "cluster-b", T0.plus(Duration.ofMinutes(3))));
        stage.runUntil(T0.plus(Duration.ofMinutes(4)), Duration.ofSeconds(1));
        assertEquals(1, hook.taken().size());
    }

    @Test
    void aGroupOfThousandsGoesInMessagesSmallEnoughForKafkaInTheGroupsOrder() {
        stage("[alarmId, source]", "");
        int alarms = 1_000;
        for (int i = 1; i <= alarms; i++) {
            stage.raised(Alarms.flume(i, "cluster-a", T0));
        }
        stage.runUntil(T0.plusSeconds(40), Duration.ofSeconds(1));
        List<String> named = new ArrayList<>();
        hook.taken().forEach(m -> named.addAll(NotificationGroupingTest.serials(m)));
        assertEquals(4, hook.taken().size());
        assertTrue(hook.taken().stream().allMatch(m -> m.get("alerts").size() == GroupState.MAX_ALERTS_PER_MESSAGE));
        assertEquals(java.util.stream.IntStream.rangeClosed(1, alarms).mapToObj(Integer::toString).toList(), named);
    }

    @Test
    void aStormOfTenThousandAlarmsStaysWithinTheLimitAndNamesEveryAlarm() {
        // One group per alarm: the worst case for a limit of 20 messages a minute.
        stage("[alarmId, source, clientIp]", ", perMinute: 20");
        int storm = 10_000;
        for (int i = 1; i <= storm; i++) {
            clock.set(T0.plusMillis(i / 10)); // all within one second
            stage.raised(Alarms.flume(i, "cluster-" + (i % 7), "10." + (i / 65536) + "." + (i / 256 % 256) + "."
                    + (i % 256), io.almengine.model.Severity.MAJOR, clock.instant()));
        }
        stage.runUntil(T0.plus(Duration.ofMinutes(4)), Duration.ofSeconds(1));
        List<WebhookServer.Received> messages = hook.requests();
        Set<String> named = new HashSet<>();
        for (WebhookServer.Received m : messages) {
            m.body().get("alerts").forEach(a -> named.add(a.at("/labels/serialNo").asText()));
        }
        assertEquals(storm, named.size(), "alarms named in some message or digest");
        int most = 0;
        for (WebhookServer.Received m : messages) {
            Instant from = m.at();
            most = Math.max(most, (int) messages.stream().filter(o -> !o.at().isBefore(from)
                    && o.at().isBefore(from.plusSeconds(60))).count());
        }
        assertTrue(most <= 20, "at most 20 messages in any minute, were " + most);
        List<JsonNode> digests = new ArrayList<>();
        messages.forEach(m -> {
            if (m.body().at("/commonAnnotations/digest").isTextual()) {
                digests.add(m.body());
            }
        });
        assertTrue(!digests.isEmpty() && digests.size() <= 2, digests.size() + " digests");
        JsonNode digest = digests.get(0);
        assertTrue(digest.at("/commonAnnotations/summary").asText().matches("\\d+ more alarms: ALM-24003 ×\\d+"),
                digest.at("/commonAnnotations/summary").asText());
        assertEquals("http://alm.example:8080/#/active", digest.at("/commonAnnotations/link").asText());
        System.out.println("storm: " + storm + " alarms, " + messages.size() + " messages, " + digests.size()
                + " digests, at most " + most + " in any minute");
    }
}
