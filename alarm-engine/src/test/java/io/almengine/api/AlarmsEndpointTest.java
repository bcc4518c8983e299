package io.almengine.api;

import static io.almengine.testing.EngineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alarm list, one alarm's detail, definitions, health and token management over real HTTP.
 * One small fleet is set up for the class: three active alarms from cluster "east" (the oldest
 * acknowledged, the middle one with a comment) and one cleared from "west".
 */
class AlarmsEndpointTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);

    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient viewer;
    private static List<Alarm> east;
    private static Alarm west;

    @BeforeAll
    static void startEngineWithAFleet() {
        harness = new EngineHarness().start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        viewer = admin.as(issue("alarms-viewer", "viewer").path("token").asText());

        List<FlumeLink> eastLinks = List.of(link("east"), link("east"), link("east"));
        FlumeLink westLink = link("west");
        harness.send(westLink.disconnected(T0), eastLinks.get(0).disconnected(T0.plusSeconds(10)),
                eastLinks.get(1).disconnected(T0.plusSeconds(20)), eastLinks.get(2).disconnected(T0.plusSeconds(30)));
        harness.clockAt(T0.plusSeconds(30).plus(WINDOW));
        east = eastLinks.stream().map(l -> harness.awaitAlarm(l, Alarm::active)).toList();
        harness.awaitAlarm(westLink, Alarm::active);
        harness.send(westLink.heartbeat(T0.plus(Duration.ofMinutes(5))));
        west = harness.awaitAlarm(westLink, a -> !a.active());
        assertEquals(200, admin.post("/api/alarms/" + east.get(0).serialNo() + "/ack", "").status());
        assertEquals(200, admin.post("/api/alarms/" + east.get(1).serialNo() + "/comments",
                "{\"text\":\"Rack 12 lost power; facilities paged\"}").status());
    }

    @AfterAll
    static void stopEngine() {
        harness.close();
    }

    private static FlumeLink link(String source) {
        FlumeLink f = FlumeLink.fresh();
        return new FlumeLink(source, f.clientIp(), f.clientName(), f.sinkName(), f.serverHost(), f.serverPort());
    }

    private static JsonNode issue(String name, String role) {
        ApiClient.Answer answer = admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, answer.status(), answer.body().toString());
        return answer.body();
    }

    /** The list answer for {@code query}, checked to be a 200. */
    private static JsonNode list(String query) {
        ApiClient.Answer answer = viewer.get("/api/alarms" + query);
        assertEquals(200, answer.status(), query + " → " + answer.body());
        return answer.body();
    }

    private static List<Long> serials(JsonNode listAnswer) {
        var out = new ArrayList<Long>();
        listAnswer.path("items").forEach(i -> out.add(i.path("serialNo").asLong()));
        return out;
    }

    private static Set<Long> serialsOf(List<Alarm> alarms) {
        return new TreeSet<>(alarms.stream().map(Alarm::serialNo).toList());
    }

    private static void assertBadQuery(String query, String... fields) {
        ApiClient.Answer answer = viewer.get("/api/alarms" + query);
        assertEquals(400, answer.status(), query + " → " + answer.body());
        List<String> problems = answer.problems();
        assertEquals(fields.length, problems.size(), query + " → " + problems);
        for (String field : fields) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(field + ": ")),
                    query + ": a problem naming '" + field + "' in " + problems);
        }
    }

    @Test
    void byDefaultOnlyActiveAlarmsAreListed() {
        JsonNode answer = list("");
        assertEquals(3, answer.path("total").asInt());
        assertEquals(serialsOf(east), new TreeSet<>(serials(answer)));
        answer.path("items").forEach(i -> assertEquals("active", i.path("state").asText()));
        assertEquals(answer, list("?state=active"));
    }

    @Test
    void clearedAndAllStatesAreListedOnRequest() {
        JsonNode cleared = list("?state=cleared");
        assertEquals(List.of(west.serialNo()), serials(cleared));
        assertEquals(1, cleared.path("total").asInt());

        JsonNode all = list("?state=all");
        assertEquals(4, all.path("total").asInt());
        var expected = new TreeSet<>(serialsOf(east));
        expected.add(west.serialNo());
        assertEquals(expected, new TreeSet<>(serials(all)));
    }

    @Test
    void alarmIdFiltersInBothSpellings() {
        assertEquals(serialsOf(east), new TreeSet<>(serials(list("?alarmId=24003"))));
        assertEquals(serialsOf(east), new TreeSet<>(serials(list("?alarmId=ALM-24003"))));
        JsonNode none = list("?alarmId=ALM-12345");
        assertEquals(0, none.path("total").asInt());
        assertEquals(0, none.path("items").size());
    }

    @Test
    void severityFilters() {
        assertEquals(serialsOf(east), new TreeSet<>(serials(list("?severity=major"))));
        assertEquals(0, list("?severity=critical").path("total").asInt());
        assertEquals(List.of(west.serialNo()), serials(list("?severity=major&state=cleared")));
    }

    @Test
    void sourceFilters() {
        assertEquals(serialsOf(east), new TreeSet<>(serials(list("?source=east"))));
        assertEquals(0, list("?source=west").path("total").asInt(), "west's alarm is cleared");
        assertEquals(List.of(west.serialNo()), serials(list("?source=west&state=all")));
        assertEquals(0, list("?source=nowhere&state=all").path("total").asInt());
    }

    @Test
    void limitAndOffsetPageNewestFirstWithTheFullTotal() {
        // east[2] went down last, so its alarm occurred last: newest first.
        JsonNode first = list("?source=east&limit=2");
        assertEquals(List.of(east.get(2).serialNo(), east.get(1).serialNo()), serials(first));
        assertEquals(3, first.path("total").asInt());

        JsonNode second = list("?source=east&limit=2&offset=2");
        assertEquals(List.of(east.get(0).serialNo()), serials(second));
        assertEquals(3, second.path("total").asInt());

        JsonNode beyond = list("?source=east&limit=2&offset=10");
        assertEquals(List.of(), serials(beyond));
        assertEquals(3, beyond.path("total").asInt());
    }

    @Test
    void unknownFilterValuesAreAllNamed() {
        assertBadQuery("?state=bogus&severity=huge&limit=0", "state", "severity", "limit");
        assertBadQuery("?limit=abc", "limit");
        assertBadQuery("?limit=1001&offset=-1", "limit", "offset");
        assertBadQuery("?alarmId=twenty", "alarmId");
        assertBadQuery("?state=Active", "state");
    }

    @Test
    void unknownParameterNamesAreRejected() {
        assertBadQuery("?status=active", "status");
        assertBadQuery("?state=all&clientIP=10.0.0.1", "clientIP");
    }

    @Test
    void listItemsCarryTheContractFields() {
        JsonNode item = list("?source=east&limit=1").path("items").get(0);
        Alarm newest = east.get(2);
        assertEquals(newest.serialNo(), item.path("serialNo").asLong());
        assertEquals(24003, item.path("alarmId").asInt());
        assertEquals("Flume Client connection interrupted", item.path("name").asText());
        assertEquals("major", item.path("severity").asText());
        assertEquals("active", item.path("state").asText());
        assertEquals(T0.plusSeconds(30).plus(WINDOW), Instant.parse(item.path("occurredAt").asText()),
                "occurredAt is disconnect time + 3 minutes");
        assertTrue(item.has("clearedAt") && item.get("clearedAt").isNull(), item.toString());
        assertTrue(item.has("clearType") && item.get("clearType").isNull(), item.toString());
        assertFalse(item.path("acknowledged").asBoolean(true));
        assertEquals(1, item.path("count").asInt());
        JsonNode params = item.path("params");
        assertEquals("east", params.path("source").asText());
        assertEquals(newest.params().get("clientIp"), params.path("clientIp").asText());
        assertEquals(newest.params().get("clientName"), params.path("clientName").asText());
        assertEquals("avro-sink", params.path("sinkName").asText());
        assertEquals("/api/alarms/" + newest.serialNo() + "/runbook", item.path("runbook").asText());
        assertEquals("/api/alarms/" + newest.serialNo() + "/log-bundles", item.path("logBundle").asText());
        assertFalse(item.has("history"), "the list leaves history to the detail view");
    }

    @Test
    void clientIpAndAcknowledgedFilter() {
        String ip = east.get(1).params().get("clientIp");
        assertEquals(List.of(east.get(1).serialNo()), serials(list("?clientIp=" + ip)));
        assertEquals(List.of(east.get(0).serialNo()), serials(list("?acknowledged=true")));
        assertEquals(List.of(east.get(2).serialNo(), east.get(1).serialNo()), serials(list("?acknowledged=false")));
    }

    @Test
    void aTimeRangeFiltersOnOccurredAtFromInclusiveToExclusive() {
        Instant second = east.get(1).occurredAt();
        Instant third = east.get(2).occurredAt();
        assertEquals(List.of(east.get(2).serialNo(), east.get(1).serialNo()), serials(list("?from=" + second)));
        assertEquals(List.of(east.get(1).serialNo()), serials(list("?from=" + second + "&to=" + third)));
        assertEquals(List.of(west.serialNo()), serials(list("?state=cleared&to=" + second)));
    }

    @Test
    void freeTextFindsNamesParametersAndCommentsInEitherCase() {
        assertEquals(List.of(east.get(1).serialNo()), serials(list("?q=rack%2012")), "a comment");
        assertEquals(List.of(east.get(1).serialNo()), serials(list("?q=RACK%2012")), "any case");
        assertEquals(List.of(east.get(2).serialNo()), serials(list("?q=" + east.get(2).params().get("clientName"))));
        assertEquals(3, list("?q=" + java.net.URLEncoder.encode("连接中断", java.nio.charset.StandardCharsets.UTF_8))
                .path("total").asInt(), "the Chinese name");
        assertEquals(3, list("?q=").path("total").asInt(), "an empty search is no filter");
        assertEquals(0, list("?q=nothing-like-this").path("total").asInt());
    }

    @Test
    void everySortKeyWorksInBothDirections() {
        List<Long> newestFirst = List.of(east.get(2).serialNo(), east.get(1).serialNo(), east.get(0).serialNo());
        List<Long> oldestFirst = List.of(east.get(0).serialNo(), east.get(1).serialNo(), east.get(2).serialNo());
        assertEquals(newestFirst, serials(list("?sort=occurredAt&order=desc")));
        assertEquals(oldestFirst, serials(list("?sort=occurredAt&order=asc")));
        // One alarm type, one severity: the ties fall back to occurredAt in the same direction.
        assertEquals(newestFirst, serials(list("?sort=severity&order=desc")));
        assertEquals(oldestFirst, serials(list("?sort=alarmId&order=asc")));
        JsonNode answer = list("?sort=severity");
        assertEquals("severity", answer.path("sort").asText());
        assertEquals("desc", answer.path("order").asText(), "descending unless asked otherwise");
    }

    @Test
    void theListCountsEverySeverityOfTheFilteredAlarms() {
        JsonNode counts = list("").path("counts");
        assertEquals(3, counts.path("major").asInt());
        assertEquals(0, counts.path("critical").asInt());
        assertEquals(0, counts.path("minor").asInt());
        assertEquals(0, counts.path("warning").asInt());
        assertEquals(3, list("?severity=critical").path("counts").path("major").asInt(),
                "counts ignore the severity filter, so a console can show them all");
        assertEquals(1, list("?acknowledged=true").path("counts").path("major").asInt());
    }

    @Test
    void badValuesOfTheNewFiltersAreNamed() {
        assertBadQuery("?acknowledged=yes", "acknowledged");
        assertBadQuery("?from=yesterday&to=2026-13-01T00:00:00Z", "from", "to");
        assertBadQuery("?from=2026-11-20T09:00:00Z&to=2026-11-20T08:00:00Z", "to");
        assertBadQuery("?sort=name&order=up", "sort", "order");
        assertBadQuery("?q=" + "x".repeat(201), "q");
        assertBadQuery("?severity=major&severity=minor", "severity");
    }

    @Test
    void theDetailCarriesImpactCausesParameterLabelsHistoryAndComments() {
        JsonNode alarm = viewer.get("/api/alarms/" + east.get(1).serialNo()).body();
        assertEquals("ALM-24003", alarm.path("code").asText());
        assertTrue(alarm.path("autoClear").asBoolean());
        assertTrue(alarm.path("impact").path("en").asText().contains("cannot communicate"), alarm.toString());
        assertTrue(alarm.path("impact").path("zh").asText().contains("无法"), alarm.toString());
        assertEquals(3, alarm.path("causes").size());
        assertTrue(alarm.path("causes").get(0).has("zh"));
        JsonNode firstParam = alarm.path("parameterInfo").get(0);
        assertEquals("source", firstParam.path("name").asText());
        assertEquals("来源", firstParam.path("labelZh").asText());
        JsonNode history = alarm.path("history");
        assertEquals(List.of("raised", "commented"), List.of(history.get(0).path("change").asText(),
                history.get(1).path("change").asText()));
        assertEquals("admin", history.get(1).path("by").asText(), "who, by token name");
        assertEquals("Rack 12 lost power; facilities paged", alarm.path("comments").get(0).path("text").asText());
        assertEquals("admin", alarm.path("comments").get(0).path("by").asText());
    }

    @Test
    void definitionsAreListedAndServedOneByOne() {
        ApiClient.Answer all = viewer.get("/api/definitions");
        assertEquals(200, all.status(), all.body().toString());
        assertEquals(List.of(24003, 24101, 24102, 24900, 24901, 24902, 24903), java.util.stream.StreamSupport
                .stream(all.body().path("items").spliterator(), false).map(d -> d.path("id").asInt()).toList(),
                "every shipped definition, by id");
        assertEquals(7, all.body().path("total").asInt());
        JsonNode listed = all.body().path("items").get(0);
        assertEquals(24003, listed.path("id").asInt());
        assertEquals("Flume Client连接中断", listed.path("nameZh").asText());
        assertEquals("PT3M", listed.path("raiseAfter").asText());

        for (String id : List.of("24003", "ALM-24003")) {
            ApiClient.Answer one = viewer.get("/api/definitions/" + id);
            assertEquals(200, one.status());
            assertEquals(listed, one.body());
        }
        assertEquals(404, viewer.get("/api/definitions/99999").status());
        assertEquals(400, viewer.get("/api/definitions/flume").status());
        assertEquals(400, viewer.get("/api/definitions?id=1").status());
    }

    @Test
    void theSessionSaysWhoTheTokenBelongsTo() {
        JsonNode session = viewer.get("/api/session").body();
        assertEquals("alarms-viewer", session.path("name").asText());
        assertEquals("viewer", session.path("role").asText());
        assertEquals("admin", admin.get("/api/session").body().path("role").asText());
    }

    @Test
    void theOpenApiDocumentIsServedAsJson() {
        ApiClient.Answer doc = viewer.get("/api/openapi.json");
        assertEquals(200, doc.status());
        assertTrue(doc.body().path("openapi").asText().startsWith("3."));
        assertTrue(doc.body().path("paths").has("/api/alarms/{serialNo}"));
        assertEquals(401, viewer.as(null).get("/api/openapi.json").status(), "every /api/ call but health needs a token");
    }

    @Test
    void aClearedItemSaysWhenAndHow() {
        JsonNode item = list("?state=cleared").path("items").get(0);
        assertEquals("cleared", item.path("state").asText());
        assertEquals(T0.plus(Duration.ofMinutes(5)), Instant.parse(item.path("clearedAt").asText()));
        assertEquals("auto", item.path("clearType").asText());
        assertEquals(T0.plus(WINDOW), Instant.parse(item.path("occurredAt").asText()));
    }

    @Test
    void oneAlarmIsServedWithItsHistory() {
        ApiClient.Answer answer = viewer.get("/api/alarms/" + west.serialNo());
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode alarm = answer.body();
        assertEquals(west.serialNo(), alarm.path("serialNo").asLong());
        assertEquals("cleared", alarm.path("state").asText());
        JsonNode history = alarm.path("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals("raised", history.get(0).path("change").asText());
        assertEquals(T0.plus(WINDOW), Instant.parse(history.get(0).path("at").asText()));
        assertEquals("cleared", history.get(1).path("change").asText());
        assertEquals("/api/alarms/" + west.serialNo() + "/runbook", alarm.path("runbook").asText());
    }

    @Test
    void anUnknownSerialIsNotFoundAndANonNumericOneIsABadRequest() {
        ApiClient.Answer unknown = viewer.get("/api/alarms/987654321");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().path("error").asText().contains("987654321"), unknown.body().toString());
        assertEquals(400, viewer.get("/api/alarms/abc").status());
    }

    @Test
    void alarmsNeedAToken() {
        assertEquals(401, viewer.as(null).get("/api/alarms").status());
        assertEquals(401, viewer.as("made-up").get("/api/alarms").status());
        assertEquals(401, viewer.as(null).get("/api/alarms/" + west.serialNo()).status());
    }

    @Test
    void healthIsUpWithoutATokenAndNamesKafka() {
        ApiClient.Answer answer = admin.as(null).get("/api/health");
        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals("UP", answer.body().path("status").asText());
        String kafka = answer.body().path("kafka").asText();
        assertTrue(kafka.matches("[^:\\s]+:\\d{1,5}"), "HOST:PORT, not " + kafka);
        assertEquals(harness.engine().bootstrap(), kafka);
    }

    @Test
    void anIssuedTokenWorksAtOnceAndARevokedOneFailsAtOnce() {
        JsonNode issued = issue("short-lived", "viewer");
        assertEquals("short-lived", issued.path("name").asText());
        assertEquals("viewer", issued.path("role").asText());
        String token = issued.path("token").asText();
        assertTrue(token.length() >= 32, "a long random token: " + token);
        ApiClient holder = admin.as(token);
        assertEquals(200, holder.get("/api/alarms").status());

        ApiClient.Answer revoked = admin.delete("/api/tokens/short-lived");
        assertEquals(200, revoked.status(), revoked.body().toString());
        assertEquals(401, holder.get("/api/alarms").status(), "revoked at once");
        // And it stays revoked while the engine's own copy of the tokens topic catches up.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> holder.get("/api/alarms").status() == 401);
        assertEquals(404, admin.delete("/api/tokens/short-lived").status(), "nothing left to revoke");
    }

    @Test
    void aRevokedNameCanBeIssuedAgainWithANewToken() {
        String first = issue("reissued", "viewer").path("token").asText();
        assertEquals(409, admin.post("/api/tokens", "{\"name\":\"reissued\",\"role\":\"viewer\"}").status());
        assertEquals(200, admin.delete("/api/tokens/reissued").status());
        String second = issue("reissued", "operator").path("token").asText();
        assertEquals(200, admin.as(second).get("/api/alarms").status());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> admin.as(first).get("/api/alarms").status() == 401
                        && admin.as(second).get("/api/alarms").status() == 200);
    }

    @Test
    void badTokenRequestsAreNamed() {
        ApiClient.Answer answer = admin.post("/api/tokens", "{\"name\":\"no spaces\",\"role\":\"root\"}");
        assertEquals(400, answer.status());
        assertEquals(2, answer.problems().size(), answer.problems().toString());
        assertEquals(400, admin.post("/api/tokens", "{not json").status());
    }

    @Test
    void onlyAnAdminManagesTokens() {
        ApiClient operator = admin.as(issue("alarms-operator", "operator").path("token").asText());
        for (ApiClient lowly : List.of(viewer, operator)) {
            assertEquals(403, lowly.post("/api/tokens", "{\"name\":\"sneaky\",\"role\":\"admin\"}").status());
            assertEquals(403, lowly.delete("/api/tokens/alarms-viewer").status());
        }
        assertEquals(401, admin.as(null).post("/api/tokens", "{\"name\":\"sneaky\",\"role\":\"admin\"}").status());
        assertEquals(200, viewer.get("/api/alarms").status(), "the viewer's token was not revoked");
        assertEquals(404, admin.delete("/api/tokens/sneaky").status(), "no token was created");
    }
}
