package io.almengine.lifecycle;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runbook answers are part of the alarm: after the engine stops and starts again on the same data
 * folder and topics, the answers, who gave them and the path they lead along are all still there,
 * and the alarm's owner goes on from them.
 */
class RunbookAnswersRestartTest {

    @Test
    void answersAndTheirHistorySurviveARestartAndAnsweringGoesOnFromThem() {
        try (var harness = new EngineHarness().start()) {
            ApiClient admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            String token = admin.post("/api/tokens", "{\"name\":\"night-shift\",\"role\":\"operator\"}").body()
                    .get("token").asText();
            FlumeLink link = FlumeLink.fresh();
            harness.clockAt(T0);
            harness.send(link.disconnected(T0));
            harness.clockAt(T0.plus(Duration.ofMinutes(3)));
            Alarm alarm = harness.awaitAlarm(link, Alarm::active);
            String path = "/api/alarms/" + alarm.serialNo() + "/runbook";
            ApiClient operator = admin.as(token);
            assertEquals(200, operator.post(path + "/answers",
                    "{\"step\":\"network-ping\",\"answer\":\"yes\",\"note\":\"ping fine\"}").status());
            assertEquals(200, operator.post(path + "/answers", "{\"step\":\"client-process\",\"answer\":\"yes\"}").status());

            harness.stopEngine();
            harness.start();

            ApiClient after = ApiClient.at(harness.engine().httpPort(), token);
            JsonNode runbook = after.get(path).body();
            assertEquals(List.of("network-ping", "client-process", "client-config"), texts(runbook.get("path")));
            assertEquals("client-config", runbook.get("current").asText());
            assertEquals("night-shift", runbook.at("/answers/0/by").asText());
            assertEquals("ping fine", runbook.at("/answers/0/note").asText());
            assertEquals(List.of("network-ping: yes (ping fine)", "client-process: yes"), answeredDetails(after, alarm));

            JsonNode next = after.post(path + "/answers", "{\"step\":\"client-config\",\"answer\":\"yes\"}").body();
            assertEquals(List.of("network-ping", "client-process", "client-config", "fix-config", "alarm-cleared"),
                    texts(next.get("path")));
            assertEquals(3, next.get("answers").size(), "the restored answers plus the new one");
        }
    }

    private static List<String> answeredDetails(ApiClient api, Alarm alarm) {
        var out = new ArrayList<String>();
        api.get("/api/alarms/" + alarm.serialNo()).body().get("history").forEach(h -> {
            if (h.get("change").asText().equals("runbook-answered")) {
                out.add(h.get("detail").asText());
            }
        });
        return out;
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
