package io.almengine.silence;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.engine.Engine;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silences and masks through the API of a running engine: they mark alarms, which are still
 * raised and listed; they follow the engine's clock; and they live in Kafka, so another instance
 * (or this one restarted) knows them all.
 */
class SilencesAndMasksTest {

    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient operator;
    private static String operatorToken;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        operatorToken = admin.post("/api/tokens", "{\"name\":\"night-shift\",\"role\":\"operator\"}")
                .body().get("token").asText();
        operator = admin.as(operatorToken);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String silenceFor(FlumeLink link, Instant from, Instant to) {
        var answer = operator.post("/api/silences", """
                {"matchers":[{"name":"clientIp","value":"%s"},{"name":"alertname","value":"ALM-24.*","isRegex":true}],
                 "startsAt":"%s","endsAt":"%s","comment":"client host being replaced"}""".formatted(link.clientIp(), from, to));
        assertEquals(201, answer.status(), answer.body().toString());
        return answer.body().get("id").asText();
    }

    /** The link's alarms as the list shows them with {@code filters}. */
    private static List<JsonNode> listed(FlumeLink link, String filters) {
        var answer = admin.get("/api/alarms?state=all&q=" + link.clientIp() + filters);
        assertEquals(200, answer.status(), answer.body().toString());
        var items = new ArrayList<JsonNode>();
        answer.body().get("items").forEach(i -> {
            if (i.path("connectionId").asText().equals(link.connectionId())) {
                items.add(i);
            }
        });
        return items;
    }

    private static List<String> silencedBy(JsonNode item) {
        var ids = new ArrayList<String>();
        item.get("silencedBy").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    @Test
    void aSilencedAlarmIsRaisedAndListedMarkedWithItsSilence() {
        FlumeLink link = FlumeLink.fresh();
        Instant now = harness.freshHour();
        String id = silenceFor(link, now, now.plus(Duration.ofHours(1)));
        harness.send(link.disconnected(now));
        harness.clockAt(now.plus(Duration.ofMinutes(3)));
        harness.awaitAlarm(link, Alarm::active);

        JsonNode item = listed(link, "").get(0);
        assertEquals(List.of(id), silencedBy(item));
        assertFalse(item.get("masked").asBoolean());
        assertEquals(1, listed(link, "&silenced=true").size());
        assertEquals(0, listed(link, "&silenced=false").size());
        assertEquals("night-shift", admin.get("/api/silences/" + id).body().get("createdBy").asText());
    }

    @Test
    void aSilenceCoversAnAlarmOnlyFromItsStartUntilItsEndOnTheEnginesClock() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = harness.raiseAtFreshHour(link);
        Instant now = harness.clock.instant();
        String id = silenceFor(link, now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(20)));
        assertEquals("pending", admin.get("/api/silences/" + id).body().get("state").asText());
        assertEquals(List.of(), silencedBy(listed(link, "").get(0)));

        harness.clockAt(now.plus(Duration.ofMinutes(10)));
        assertEquals("active", admin.get("/api/silences/" + id).body().get("state").asText());
        assertEquals(List.of(id), silencedBy(listed(link, "").get(0)));

        harness.clockAt(now.plus(Duration.ofMinutes(20)));
        assertEquals("expired", admin.get("/api/silences/" + id).body().get("state").asText());
        assertEquals(List.of(), silencedBy(listed(link, "").get(0)));
        assertTrue(harness.alarms().get(alarm.serialNo()).orElseThrow().active(), "the alarm itself never changed");
    }

    @Test
    void expiringASilenceLiftsItAtOnceAndKeepsItListed() {
        FlumeLink link = FlumeLink.fresh();
        harness.raiseAtFreshHour(link);
        Instant now = harness.clock.instant();
        String id = silenceFor(link, now, now.plus(Duration.ofHours(2)));
        assertEquals(List.of(id), silencedBy(listed(link, "").get(0)));

        var expired = operator.delete("/api/silences/" + id);
        assertEquals(200, expired.status(), expired.body().toString());
        assertEquals("expired", expired.body().get("state").asText());
        assertEquals(List.of(), silencedBy(listed(link, "").get(0)));
        assertEquals(409, operator.delete("/api/silences/" + id).status());
        assertTrue(admin.get("/api/silences?state=expired").body().toString().contains(id));
    }

    @Test
    void aSilenceRequestNamesEveryWrongField() {
        var answer = operator.post("/api/silences", """
                {"matchers":[{"name":"source","value":"(","isRegex":true}],"startsAt":"yesterday"}""");
        assertEquals(400, answer.status());
        String problems = answer.problems().toString();
        assertTrue(problems.contains("matchers[0].source: not a regular expression"), problems);
        assertTrue(problems.contains("comment: required"), problems);
        assertTrue(problems.contains("startsAt: an ISO-8601 instant"), problems);
        assertEquals(404, admin.get("/api/silences/no-such-id").status());
    }

    @Test
    void aMaskHidesTheAlarmIdFromTheListAndItsCountsUntilUnmasked() {
        FlumeLink before = FlumeLink.fresh();
        harness.raiseAtFreshHour(before);
        int countedBefore = admin.get("/api/alarms").body().get("total").asInt();

        assertEquals(403, operator.post("/api/masks", "{\"alarmId\":24003,\"comment\":\"x\"}").status(),
                "masking is for admins");
        var mask = admin.post("/api/masks", "{\"alarmId\":24003,\"comment\":\"known Flume upgrade\"}");
        assertEquals(201, mask.status(), mask.body().toString());
        assertEquals(409, admin.post("/api/masks", "{\"alarmId\":24003,\"comment\":\"again\"}").status());
        try {
            assertEquals(List.of(), listed(before, ""), "an active alarm of a masked id is hidden");
            assertTrue(admin.get("/api/alarms").body().get("total").asInt() < countedBefore, "and not counted");

            FlumeLink during = FlumeLink.fresh();
            harness.raiseAtFreshHour(during);
            assertEquals(List.of(), listed(during, ""), "a new alarm of a masked id is recorded, not shown");
            JsonNode masked = listed(during, "&masked=true").get(0);
            assertTrue(masked.get("masked").asBoolean());
            assertEquals(1, listed(before, "&masked=true").size());
        } finally {
            assertEquals(200, admin.delete("/api/masks/24003").status());
        }
        assertEquals(1, listed(before, "").size(), "unmasked, the still active alarm shows again");
        assertFalse(listed(before, "").get(0).get("masked").asBoolean());
        assertEquals(404, admin.delete("/api/masks/24003").status());
    }

    @Test
    void anotherInstanceKnowsEverySilenceAndMaskWithinASecond() throws Exception {
        Instant now = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        String id = silenceFor(link, now, now.plus(Duration.ofHours(1)));
        try (Engine other = harness.startAnotherInstance()) {
            ApiClient there = ApiClient.at(other.httpPort(), harness.adminToken());
            assertEquals(200, there.get("/api/silences/" + id).status(), "read from Kafka at its start");

            assertEquals(201, admin.post("/api/masks", "{\"alarmId\":24101,\"comment\":\"agents moving\"}").status());
            try {
                await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                        .until(() -> there.get("/api/masks").body().toString().contains("24101"));
            } finally {
                admin.delete("/api/masks/24101");
            }
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !there.get("/api/masks").body().toString().contains("24101"));
        }
    }

    @Test
    void silencesAndMasksOutliveARestartOfTheEngineInTheMiddleOfThem() {
        FlumeLink link = FlumeLink.fresh();
        Instant now = harness.freshHour();
        String id = silenceFor(link, now, now.plus(Duration.ofHours(1)));
        assertEquals(201, admin.post("/api/masks", "{\"alarmId\":24101,\"comment\":\"agents moving\"}").status());
        try {
            harness.send(link.disconnected(now));
            harness.clockAt(now.plus(Duration.ofMinutes(3)));
            harness.awaitAlarm(link, Alarm::active);

            harness.stopEngine();
            harness.start();
            admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            operator = admin.as(operatorToken);

            assertEquals("active", admin.get("/api/silences/" + id).body().get("state").asText());
            assertEquals(List.of(id), silencedBy(listed(link, "").get(0)), "the alarm is still marked after the restart");
            assertTrue(admin.get("/api/masks").body().toString().contains("24101"), "the mask is still on");
            harness.clockAt(now.plus(Duration.ofHours(1)));
            assertEquals("expired", admin.get("/api/silences/" + id).body().get("state").asText());
            assertEquals(List.of(), silencedBy(listed(link, "").get(0)));
        } finally {
            admin.delete("/api/masks/24101");
        }
    }
}
