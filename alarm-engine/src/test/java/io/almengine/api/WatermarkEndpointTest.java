package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.ingest.EventJson;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reporter's watermark through {@code POST /api/events}: published to every partition, behind the
 * events before it in the body, keyed by the reporter; refused like any bad event.
 */
class WatermarkEndpointTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final Duration LATENESS = Duration.ofSeconds(30);

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness().configure(c -> c.allowedLateness(LATENESS));

    private static ApiClient api() {
        return ApiClient.at(harness.engine().httpPort(), harness.adminToken());
    }

    private static EventJson watermark(String reporter, Instant time) {
        return EventJson.empty().with("type", "WATERMARK").with("reporter", reporter).with("time", time.toString());
    }

    @Test
    void aWatermarkIsPublishedToEveryPartitionBehindTheEventsBeforeIt() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        String reporter = "probe:http-1";
        long applied = harness.eventsApplied();

        ApiClient.Answer answer = api().post("/api/events", EventJson.array(
                EventJson.of(link.disconnected(t).withReporter(reporter)), watermark(reporter, t.plus(WINDOW))));
        assertEquals(202, answer.status(), answer.body().toString());
        assertEquals(2, answer.body().get("accepted").asInt());

        var byPartition = new TreeMap<Integer, List<String>>();
        for (ConsumerRecord<String, byte[]> r : harness.readRecords(harness.topics.connectionEvents())) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.contains(reporter)) {
                byPartition.computeIfAbsent(r.partition(), p -> new java.util.ArrayList<>())
                        .add(r.key() + " " + (value.contains("WATERMARK") ? "WATERMARK" : "event"));
            }
        }
        int eventPartition = byPartition.entrySet().stream().filter(e -> e.getValue().size() == 2)
                .findFirst().orElseThrow().getKey();
        assertEquals(Map.of(eventPartition, List.of(link.connectionId() + " event", reporter + " WATERMARK"),
                        1 - eventPartition, List.of(reporter + " WATERMARK")), byPartition,
                "every partition holds the watermark, keyed by its reporter, after the event before it");

        harness.awaitEventsApplied(applied + 1);
        assertEquals(t.plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt(),
                "vouched for: raised without waiting for the clock and the allowed lateness");
    }

    @Test
    void aBadWatermarkIsRefusedNamingTheFieldAndNothingIsPublished() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        ApiClient.Answer answer = api().post("/api/events", EventJson.array(EventJson.of(link.disconnected(t)),
                watermark("probe:http-2", t).without("reporter"), watermark("a|b", t).with("source", "x")));
        assertEquals(400, answer.status(), answer.body().toString());
        List<String> problems = answer.problems();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("[1].reporter: is required in a WATERMARK"), problems.toString());
        assertTrue(problems.get(1).startsWith("[2].reporter: must not contain '|'"), problems.toString());
        assertTrue(problems.get(2).startsWith("[2].source: is not part of a WATERMARK"), problems.toString());
        assertEquals(List.of(), harness.readAll(harness.topics.connectionEvents()).stream()
                .filter(e -> e != null && link.clientIp().equals(e.get("clientIp"))).toList(), "nothing published");
    }
}
