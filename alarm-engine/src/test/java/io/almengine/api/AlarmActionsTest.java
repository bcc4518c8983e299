package io.almengine.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acknowledge, unacknowledge, comment and clear: applied by the alarm's owner through Kafka, answered with the alarm. */
class AlarmActionsTest {

    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient operator;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        String token = admin.post("/api/tokens", "{\"name\":\"ops-1\",\"role\":\"operator\"}").body().get("token")
                .asText();
        operator = admin.as(token);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Alarm activeAlarm(FlumeLink link) {
        return activeAlarms(List.of(link)).get(0);
    }

    /** One active alarm per link, raised together at a fresh hour of the test clock. */
    private static List<Alarm> activeAlarms(List<FlumeLink> links) {
        Instant t = harness.freshHour();
        harness.send(links.stream().map(l -> l.disconnected(t)).toArray(io.almengine.model.ConnectionEvent[]::new));
        harness.clockAt(t.plus(Duration.ofMinutes(3)));
        // One wait for all of them: a wait per alarm costs at least a poll interval each.
        var ids = links.stream().map(FlumeLink::connectionId).toList();
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var byLink = new java.util.HashMap<String, Alarm>();
            harness.engine().alarms().all().stream().filter(Alarm::active).forEach(a -> byLink.put(a.connectionId(), a));
            return ids.stream().map(byLink::get).toList();
        }, found -> !found.contains(null));
    }

    private static List<Alarm> activeAlarms(int n) {
        return activeAlarms(IntStream.range(0, n).mapToObj(i -> FlumeLink.fresh()).toList());
    }

    /** A batch body selecting these serial numbers, plus any other fields given as "name":"value" pairs. */
    private static String selection(List<Long> serials, String... fields) {
        String list = serials.stream().map(String::valueOf).collect(Collectors.joining(","));
        var body = new StringBuilder("{\"serialNos\":[").append(list).append(']');
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(",\"").append(fields[i]).append("\":\"").append(fields[i + 1]).append('"');
        }
        return body.append('}').toString();
    }

    private static List<Long> serialsOf(List<Alarm> alarms) {
        return alarms.stream().map(Alarm::serialNo).toList();
    }

    private static Alarm current(long serial) {
        return harness.engine().alarms().get(serial).orElseThrow();
    }

    private static long changes(Alarm alarm, String change) {
        return alarm.history().stream().filter(c -> c.change().equals(change)).count();
    }

    @Test
    void acknowledgingAndUnacknowledgingAreRecordedWithWhoDidIt() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        var acked = operator.post("/api/alarms/" + alarm.serialNo() + "/ack", "");
        assertEquals(200, acked.status(), acked.body().toString());
        assertTrue(acked.body().get("acknowledged").asBoolean());
        var history = acked.body().get("history");
        assertEquals("acknowledged", history.get(history.size() - 1).get("change").asText());
        assertEquals("ops-1", history.get(history.size() - 1).get("by").asText());

        var unacked = operator.post("/api/alarms/" + alarm.serialNo() + "/unack", "");
        assertFalse(unacked.body().get("acknowledged").asBoolean());
        assertTrue(unacked.body().get("state").asText().equals("active"));
    }

    @Test
    void commentsAreKeptWithTheAlarm() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        var answer = operator.post("/api/alarms/" + alarm.serialNo() + "/comments", "{\"text\":\"network team paged\"}");
        assertEquals(200, answer.status());
        assertEquals("network team paged", answer.body().get("comments").get(0).get("text").asText());
        assertEquals(400, operator.post("/api/alarms/" + alarm.serialNo() + "/comments", "{}").status());
        var tooLong = operator.post("/api/alarms/" + alarm.serialNo() + "/comments",
                "{\"text\":\"" + "x".repeat(AlarmActionEndpoints.MAX_TEXT + 1) + "\"}");
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.problems().get(0).startsWith("text: longer than"), tooLong.problems().toString());
        assertEquals(400, operator.post("/api/alarms/" + alarm.serialNo() + "/comments", "{not json").status());
    }

    @Test
    void anAutoClearingAlarmIsClearedByHandOnlyByAnAdminGivingAReason() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String path = "/api/alarms/" + alarm.serialNo() + "/clear";
        var byOperator = operator.post(path, "{\"reason\":\"client decommissioned\"}");
        assertEquals(409, byOperator.status(), byOperator.body().toString());
        assertTrue(byOperator.body().get("error").asText().contains("only an admin"));
        assertEquals(409, admin.post(path, "{}").status(), "an admin needs a reason");

        var cleared = admin.post(path, "{\"reason\":\"client decommissioned\"}");
        assertEquals(200, cleared.status());
        assertEquals("manual", cleared.body().get("clearType").asText());
        assertEquals("cleared", cleared.body().get("state").asText());
        assertEquals(409, admin.post(path, "{\"reason\":\"again\"}").status(), "already cleared");
    }

    @Test
    void unknownSerialsAnswer404AndBadOnes400() {
        assertEquals(404, operator.post("/api/alarms/987654321/ack", "").status());
        assertEquals(400, operator.post("/api/alarms/abc/ack", "").status());
    }

    @Test
    void aWrongMethodOnAnActionAnswers405NamingPostNotABadSerial() throws Exception {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String one = "/api/alarms/" + alarm.serialNo();
        for (String path : List.of("/api/alarms/ack", "/api/alarms/unack", "/api/alarms/clear", one + "/ack",
                one + "/unack", one + "/clear", one + "/comments")) {
            for (String method : List.of("GET", "PUT", "DELETE")) {
                var answer = operator.exchange(method, path);
                String call = method + " " + path;
                assertEquals(405, answer.statusCode(), call + ": " + new String(answer.body(), StandardCharsets.UTF_8));
                assertEquals(List.of("POST"), answer.headers().allValues("Allow"), call);
                JsonNode body = Json.MAPPER.readTree(answer.body());
                assertEquals(405, body.get("status").asInt(), call);
                assertEquals(method + " is not allowed on " + path, body.get("error").asText(), call);
            }
        }
        assertFalse(harness.engine().alarms().get(alarm.serialNo()).orElseThrow().acknowledged(), "nothing was done");
        assertEquals(200, operator.get(one).status(), "GET of the alarm itself still answers");
    }

    @Test
    void aWrongMethodOnAReadOnlyRouteNamesGet() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        for (String path : List.of("/api/alarms", "/api/alarms/" + alarm.serialNo(),
                "/api/alarms/" + alarm.serialNo() + "/runbook", "/api/definitions/24003")) {
            var answer = operator.exchange("DELETE", path);
            assertEquals(405, answer.statusCode(), "DELETE " + path);
            assertEquals(List.of("GET"), answer.headers().allValues("Allow"), "DELETE " + path);
        }
        assertEquals(404, operator.exchange("GET", "/api/alarms/" + alarm.serialNo() + "/nothing").statusCode(),
                "an unknown path is still unknown, not a wrong method");
    }

    @Test
    void aViewerCannotAct() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String token = admin.post("/api/tokens", "{\"name\":\"watcher\",\"role\":\"viewer\"}").body().get("token")
                .asText();
        assertEquals(403, admin.as(token).post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
    }

    @Test
    void aSelectionOfThreeHundredIsAcknowledgedInOneCall() {
        List<Alarm> alarms = activeAlarms(AlarmActionEndpoints.MAX_BATCH);
        var answer = operator.post("/api/alarms/ack", selection(serialsOf(alarms)));
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(300, answer.body().get("succeeded").asInt());
        assertEquals(0, answer.body().get("failed").asInt());
        var results = answer.body().get("results");
        for (int i = 0; i < alarms.size(); i++) {
            assertEquals(alarms.get(i).serialNo(), results.get(i).get("serialNo").asLong(), "in the order asked");
            assertEquals(200, results.get(i).get("status").asInt());
            assertTrue(results.get(i).get("alarm").get("acknowledged").asBoolean());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> alarms.stream().allMatch(a -> current(a.serialNo())
                .acknowledged()));
        var unacked = operator.post("/api/alarms/unack", selection(serialsOf(alarms.subList(0, 2))));
        assertEquals(2, unacked.body().get("succeeded").asInt());
        assertFalse(unacked.body().get("results").get(0).get("alarm").get("acknowledged").asBoolean());
    }

    @Test
    void aBatchAnswersForEachAlarmIncludingUnknownAndRefusedOnes() {
        List<Alarm> alarms = activeAlarms(2);
        long unknown = 987654321L;
        var byOperator = operator.post("/api/alarms/clear", selection(List.of(alarms.get(0).serialNo(), unknown),
                "reason", "client decommissioned"));
        assertEquals(200, byOperator.status(), byOperator.body().toString());
        var results = byOperator.body().get("results");
        assertEquals(409, results.get(0).get("status").asInt(), "ALM-24003 clears by itself");
        assertTrue(results.get(0).get("error").asText().contains("only an admin"));
        assertEquals(404, results.get(1).get("status").asInt());
        assertTrue(results.get(1).get("error").asText().contains("987654321"));
        assertEquals(0, byOperator.body().get("succeeded").asInt());
        assertTrue(current(alarms.get(0).serialNo()).active(), "nothing cleared");

        var byAdmin = admin.post("/api/alarms/clear", selection(serialsOf(alarms), "reason", "client decommissioned"));
        assertEquals(2, byAdmin.body().get("succeeded").asInt(), byAdmin.body().toString());
        for (var r : byAdmin.body().get("results")) {
            assertEquals("manual", r.get("alarm").get("clearType").asText());
        }
        var again = admin.post("/api/alarms/clear", selection(serialsOf(alarms), "reason", "again"));
        assertEquals(409, again.body().get("results").get(0).get("status").asInt(), "already cleared");
        assertTrue(again.body().get("results").get(0).get("error").asText().contains("already cleared"));
    }

    @Test
    void badSelectionsAreRefusedWithTheProblemNamed() {
        List<Long> tooMany = LongStream.rangeClosed(1, AlarmActionEndpoints.MAX_BATCH + 1).boxed().toList();
        var cases = List.of(
                "{\"serialNos\":[]}", "{}", "[1,2]", "{\"serialNos\":\"1,2\"}", "{\"serialNos\":[1,\"x\",2.5]}",
                "{\"serialNos\":[7,7]}", selection(tooMany), "{not json");
        for (String body : cases) {
            var answer = operator.post("/api/alarms/ack", body);
            assertEquals(400, answer.status(), body + " → " + answer.body());
            assertTrue(!answer.body().get("error").asText().isBlank());
        }
        var mixed = operator.post("/api/alarms/ack", "{\"serialNos\":[1,\"x\",2.5,1]}").problems();
        assertEquals(3, mixed.size(), mixed.toString());
        assertTrue(operator.post("/api/alarms/ack", selection(tooMany)).problems().get(0).contains("at most 300"));
    }

    @Test
    void concurrentClearsByTwoAdminsClearOnceAndTheOtherIsToldItIsAlreadyCleared() throws Exception {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String other = admin.post("/api/tokens", "{\"name\":\"admin-2\",\"role\":\"admin\"}").body().get("token")
                .asText();
        ApiClient secondAdmin = admin.as(other);
        var pool = Executors.newFixedThreadPool(6);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            racers.add(() -> admin.post("/api/alarms/" + alarm.serialNo() + "/clear", "{\"reason\":\"a\"}").status());
            racers.add(() -> secondAdmin.post("/api/alarms/clear", selection(List.of(alarm.serialNo()), "reason", "b"))
                    .body().get("results").get(0).get("status").asInt());
        }
        var statuses = new ArrayList<Integer>();
        for (Future<Integer> f : pool.invokeAll(racers)) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        Alarm done = await().atMost(Duration.ofSeconds(10)).until(() -> current(alarm.serialNo()), a -> !a.active());
        assertEquals(1, changes(done, "cleared"));
        assertEquals("manual", done.clearType().wireName());
    }

    @Test
    void acksAndUnacksRacingEndInAnAlarmThatAgreesWithItsHistory() throws Exception {
        List<Alarm> alarms = activeAlarms(3);
        var pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String action = i % 2 == 0 ? "ack" : "unack";
            racers.add(() -> operator.post("/api/alarms/" + action, selection(serialsOf(alarms))).status());
            racers.add(() -> admin.post("/api/alarms/" + alarms.get(0).serialNo() + "/" + action, "").status());
        }
        for (Future<Integer> f : pool.invokeAll(racers)) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        List<java.util.Map<String, Object>> published = harness.alarmEvents();
        for (Alarm a : alarms) {
            // Every command has been answered, so the last change published is final; wait for the view to have it.
            var last = published.stream().filter(e -> e != null && ((Number) e.get("serialNo")).longValue()
                    == a.serialNo()).reduce((x, y) -> y).orElseThrow();
            int historySize = ((List<?>) last.get("history")).size();
            Alarm after = await().atMost(Duration.ofSeconds(10)).until(() -> current(a.serialNo()),
                    x -> x.history().size() == historySize);
            List<String> flips = after.history().stream().map(c -> c.change())
                    .filter(c -> c.equals("acknowledged") || c.equals("unacknowledged")).toList();
            for (int i = 1; i < flips.size(); i++) {
                assertTrue(!flips.get(i).equals(flips.get(i - 1)), "every change flips the flag: " + flips);
            }
            boolean lastSaysAcked = !flips.isEmpty() && flips.get(flips.size() - 1).equals("acknowledged");
            assertEquals(lastSaysAcked, after.acknowledged(), flips.toString());
            assertTrue(after.active());
        }
    }

    @Test
    void acksRacingAnAutoClearEndInOneConsistentAlarm() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = activeAlarm(link);
        var pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(() -> operator.post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
        }
        racers.add(() -> {
            harness.send(link.connected(alarm.occurredAt().plusSeconds(5)));
            return 200;
        });
        for (Future<Integer> f : pool.invokeAll(racers)) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        Alarm done = harness.awaitAlarm(link, a -> !a.active());
        assertTrue(done.acknowledged());
        assertEquals("auto", done.clearType().wireName());
        long acks = done.history().stream().filter(c -> c.change().equals("acknowledged")).count();
        assertEquals(1, acks, "acking an acknowledged alarm changes nothing");
        assertEquals(1, done.history().stream().filter(c -> c.change().equals("cleared")).count());
    }

    /** Every text value of the answer that is an ISO-8601 instant, wherever it sits. */
    private static List<String> instantsIn(JsonNode node) {
        var found = new ArrayList<String>();
        if (node.isTextual() && node.asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")) {
            found.add(node.asText());
        }
        node.elements().forEachRemaining(child -> found.addAll(instantsIn(child)));
        return found;
    }

    @Test
    void everyInstantTheApiWritesHasExactlyMilliseconds() {
        // One answer once mixed 08:03:00Z (an event's time) with 08:03:00.123456789Z (the engine's clock).
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        Instant ackedAt = harness.clock.instant().plusNanos(123_456_789);
        harness.clock.set(ackedAt);
        String path = "/api/alarms/" + alarm.serialNo();
        JsonNode acked = operator.post(path + "/ack", "").body();
        JsonNode commented = operator.post(path + "/comments", "{\"text\":\"looking\"}").body();
        JsonNode fetched = operator.get(path).body();
        JsonNode listed = operator.get("/api/alarms?q=" + alarm.serialNo()).body();

        List<String> instants = new ArrayList<>();
        for (JsonNode answer : List.of(acked, commented, fetched, listed)) {
            instants.addAll(instantsIn(answer));
        }
        assertTrue(instants.size() >= 8, instants.toString());
        for (String instant : instants) {
            assertTrue(instant.matches(".*:\\d\\d\\.\\d{3}Z"), "exactly milliseconds: " + instants);
        }
        assertEquals(alarm.occurredAt(), Instant.parse(fetched.get("occurredAt").asText()));
        JsonNode acknowledged = java.util.stream.StreamSupport.stream(fetched.get("history").spliterator(), false)
                .filter(entry -> entry.get("change").asText().equals("acknowledged")).findFirst()
                .orElseThrow(() -> new AssertionError("no acknowledged entry in " + fetched.get("history")));
        assertEquals(ackedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                Instant.parse(acknowledged.get("at").asText()), "truncated, never later: " + fetched.get("history"));
    }
}
