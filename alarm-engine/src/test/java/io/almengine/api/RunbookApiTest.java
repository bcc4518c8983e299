package io.almengine.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An alarm's runbook over the API: rendered with the alarm's parameters, answered step by step
 * through the alarm's command path (so answers are in its history, with who and when), refused
 * when the step is not a question on the path taken, and checks run against a real socket.
 */
class RunbookApiTest {

    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient operator;
    private static ApiClient viewer;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        operator = admin.as(token("ops-runbook", "operator"));
        viewer = admin.as(token("watcher", "viewer"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theRunbookIsRenderedWithTheAlarmsParametersAndStartsAtItsFirstStep() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = activeAlarm(link);

        ApiClient.Answer answer = viewer.get(runbook(alarm));

        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode body = answer.body();
        assertEquals(24003, body.get("alarmId").asInt());
        assertEquals("network-ping", body.get("current").asText());
        assertEquals(List.of("network-ping"), texts(body.get("path")));
        JsonNode ping = step(body, "network-ping");
        assertTrue(ping.at("/instructions/en").asText().contains("Flume client host " + link.clientIp()));
        assertTrue(ping.at("/instructions/zh").asText().contains("Flume ClientIP（" + link.clientIp() + "）"));
        assertEquals("ping " + link.serverHost(), ping.at("/commands/0").asText());
        assertEquals(link.serverHost() + ":" + link.serverPort(), ping.at("/check/target").asText());
        assertEquals(0, body.get("answers").size());
        assertEquals("/api/alarms/" + alarm.serialNo() + "/log-bundles", body.get("logBundle").asText());
    }

    @Test
    void answersAreRecordedInTheHistoryWithWhoAndWhenAndMoveTheCurrentStep() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());

        ApiClient.Answer first = operator.post(answers(alarm),
                "{\"step\":\"network-ping\",\"answer\":\"yes\",\"note\":\"ping 0% loss\"}");
        assertEquals(200, first.status(), first.body().toString());
        assertEquals("client-process", first.body().get("current").asText());

        ApiClient.Answer second = operator.post(answers(alarm), "{\"step\":\"client-process\",\"answer\":\"no\"}");
        assertEquals(200, second.status(), second.body().toString());
        assertEquals(List.of("network-ping", "client-process", "collect-logs"), texts(second.body().get("path")));
        assertEquals("escalate", second.body().get("outcome").asText());
        assertEquals("ops-runbook", second.body().at("/answers/0/by").asText());
        assertEquals("ping 0% loss", second.body().at("/answers/0/note").asText());

        // The answer comes from the alarm's owner; the alarm list is a mirror that follows a moment later.
        List<JsonNode> answered = await().atMost(Duration.ofSeconds(10)).until(() -> {
            var found = new ArrayList<JsonNode>();
            admin.get("/api/alarms/" + alarm.serialNo()).body().get("history").forEach(h -> {
                if (h.get("change").asText().equals("runbook-answered")) {
                    found.add(h);
                }
            });
            return found;
        }, found -> found.size() == 2);
        assertEquals("ops-runbook", answered.get(0).get("by").asText());
        assertEquals("network-ping: yes (ping 0% loss)", answered.get(0).get("detail").asText());
        assertEquals(harness.clock.instant(), Instant.parse(answered.get(1).get("at").asText()), "dated by the engine clock");
        assertEquals("client-process: no", answered.get(1).get("detail").asText());
    }

    @Test
    void aStepThatIsNoQuestionOnThePathIsRefusedWith409() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());

        assertRefused(operator.post(answers(alarm), "{\"step\":\"client-config\",\"answer\":\"yes\"}"), 409,
                "step 'client-config' is not on the path taken so far (network-ping); answer 'network-ping' first");
        assertRefused(operator.post(answers(alarm), "{\"step\":\"fix-config\",\"answer\":\"yes\"}"), 409,
                "step 'fix-config' asks no question");
        assertRefused(operator.post(answers(alarm), "{\"step\":\"reboot\",\"answer\":\"yes\"}"), 409,
                "no step 'reboot' in the runbook of ALM-24003");
        assertEquals(0, operator.get(runbook(alarm)).body().get("answers").size(), "nothing recorded");
    }

    @Test
    void aMalformedAnswerIsRefusedWith400NamingEveryProblem() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());

        ApiClient.Answer answer = operator.post(answers(alarm), "{\"answer\":\"maybe\",\"nite\":\"x\"}");

        assertEquals(400, answer.status());
        assertEquals(List.of("nite: unknown field (known: step, answer, note)",
                "step: required, the id of the step answered", "answer: required, yes or no"), answer.problems());
        assertEquals(400, operator.post(answers(alarm), "not json").status());
    }

    @Test
    void aViewerReadsTheRunbookButCannotAnswerOrRunChecks() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());

        assertEquals(200, viewer.get(runbook(alarm)).status());
        assertEquals(403, viewer.post(answers(alarm), "{\"step\":\"network-ping\",\"answer\":\"yes\"}").status());
        assertEquals(403, viewer.post(runbook(alarm) + "/checks/network-ping", "").status());
        assertEquals(401, viewer.as(null).get(runbook(alarm)).status());
        assertEquals(404, viewer.get("/api/alarms/987654321/runbook").status());
    }

    @Test
    void theCheckOfAStepConnectsToTheAlarmsServerPortAndSuggestsTheAnswer() throws IOException {
        try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            FlumeLink link = new FlumeLink("cluster-check", "10.3.0.1", "client-check", "avro-sink", "127.0.0.1",
                    server.getLocalPort());
            Alarm alarm = activeAlarm(link);

            ApiClient.Answer result = operator.post(runbook(alarm) + "/checks/network-ping", "");

            assertEquals(200, result.status(), result.body().toString());
            assertTrue(result.body().get("passed").asBoolean(), result.body().toString());
            assertEquals("yes", result.body().get("suggestedAnswer").asText());
            assertEquals("tcp-connect", result.body().get("type").asText());
            assertEquals("127.0.0.1:" + server.getLocalPort(), result.body().get("target").asText());
            assertTrue(result.body().get("detail").asText().startsWith("connected to"));
        }
        Alarm other = activeAlarm(FlumeLink.fresh());
        assertRefused(operator.post(runbook(other) + "/checks/client-config", ""), 409,
                "step 'client-config' has no check");
        assertEquals(404, operator.post(runbook(other) + "/checks/reboot", "").status());
    }

    @Test
    void answersAreKeptWhenTheAlarmClears() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = activeAlarm(link);
        operator.post(answers(alarm), "{\"step\":\"network-ping\",\"answer\":\"yes\"}");

        harness.send(link.connected(alarm.occurredAt().plusSeconds(30)));
        harness.awaitAlarm(link, a -> !a.active());

        JsonNode body = operator.get(runbook(alarm)).body();
        assertEquals(1, body.get("answers").size());
        ApiClient.Answer late = operator.post(answers(alarm), "{\"step\":\"client-process\",\"answer\":\"yes\"}");
        assertEquals(200, late.status(), "a cleared alarm's runbook can still be finished: " + late.body());
    }

    // ---------------------------------------------------------------- helpers

    private static String token(String name, String role) {
        return admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").body().get("token")
                .asText();
    }

    private static Alarm activeAlarm(FlumeLink link) {
        return harness.raiseAtFreshHour(link);
    }

    static String runbook(Alarm alarm) {
        return "/api/alarms/" + alarm.serialNo() + "/runbook";
    }

    static String answers(Alarm alarm) {
        return runbook(alarm) + "/answers";
    }

    static JsonNode step(JsonNode runbook, String id) {
        for (JsonNode section : runbook.get("sections")) {
            for (JsonNode step : section.get("steps")) {
                if (step.get("id").asText().equals(id)) {
                    return step;
                }
            }
        }
        throw new AssertionError("no step " + id);
    }

    static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void assertRefused(ApiClient.Answer answer, int status, String error) {
        assertEquals(status, answer.status(), answer.body().toString());
        assertEquals(error, answer.body().get("error").asText());
    }
}
