package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/admin/reload} on a real engine and broker: a broken set is refused whole with
 * every problem as {@code file:line: …}, the old set goes on running and health and metrics show
 * the refusal; a valid set is swapped in without losing connection state or alarms, and both the
 * pipeline and the API use it from then on.
 */
class LiveReloadTest {

    @TempDir
    Path tmp;

    @Test
    void aBrokenSetIsRefusedWholeAndAValidOneIsSwappedInKeepingStateAndAlarms() throws Exception {
        Path definitions = shippedDefinitions();
        Path flume = definitions.resolve("ALM-24003.yaml");
        String shipped = Files.readString(flume);
        try (EngineHarness harness = new EngineHarness(definitions, EngineHarness.repoFolder("rules"),
                EngineHarness.repoFolder("runbooks")).start()) {
            var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            String startHash = admin.get("/api/health").body().get("configHash").asText();
            FlumeLink before = FlumeLink.fresh();
            Alarm kept = harness.raiseAtFreshHour(before);
            FlumeLink armed = FlumeLink.fresh();
            Instant armedAt = harness.freshHour();
            long applied = harness.eventsApplied();
            harness.send(armed.disconnected(armedAt)); // its 3 minutes are running during the reloads
            harness.awaitEventsApplied(applied + 1);

            // A broken definition: refused, nothing changes.
            Files.writeString(flume, shipped.replaceFirst("(?m)^severity: major", "severity: disastrous"));
            ApiClient.Answer refused = admin.post("/api/admin/reload", "");
            assertEquals(422, refused.status(), refused.body().toString());
            assertEquals(1, refused.body().get("errors").size(), refused.body().toString());
            assertTrue(refused.body().get("errors").get(0).asText().startsWith(flume + ":9: severity: "),
                    refused.body().toString());
            JsonNode health = admin.get("/api/health").body();
            assertEquals(startHash, health.get("configHash").asText());
            assertEquals(refused.body().get("errors"), health.get("lastReloadFailed").get("errors"));
            assertEquals("UP", health.get("status").asText(), "the old set goes on running");
            assertTrue(metrics(harness).contains("\nalm_config_last_reload_successful 0.0\n"));

            // A valid change: ALM-24003 now critical after one minute.
            Files.writeString(flume, shipped.replaceFirst("(?m)^severity: major", "severity: critical")
                    .replaceFirst("(?m)^raiseAfter: PT3M", "raiseAfter: PT1M"));
            ApiClient.Answer loaded = admin.post("/api/admin/reload", "");
            assertEquals(200, loaded.status(), loaded.body().toString());
            String newHash = loaded.body().get("configHash").asText();
            assertNotEquals(startHash, newHash);
            health = admin.get("/api/health").body();
            assertEquals(newHash, health.get("configHash").asText());
            assertFalse(health.has("lastReloadFailed"), health.toString());
            assertEquals("UP", health.get("status").asText(), "reload returns once the pipeline runs again");
            assertTrue(metrics(harness).contains("\nalm_config_last_reload_successful 1.0\n"));
            assertEquals("critical", admin.get("/api/definitions/24003").body().get("severity").asText(),
                    "the API serves the new definitions");
            HttpResponse<byte[]> console = ApiClient.at(harness.engine().httpPort(), null).download("/");
            assertEquals(200, console.statusCode());
            assertTrue(new String(console.body(), StandardCharsets.UTF_8).contains("app.js"), "the console is still served");

            // The alarm raised before is still there, as it was raised.
            Alarm still = harness.alarms().get(kept.serialNo()).orElseThrow();
            assertTrue(still.active());
            assertEquals(kept.severity(), still.severity());
            // A new outage is judged by the new definition: raised after one minute, critical.
            FlumeLink after = FlumeLink.fresh();
            Instant down = harness.freshHour();
            harness.send(after.disconnected(down));
            harness.clockAt(down.plus(Duration.ofMinutes(1)));
            Alarm raised = harness.awaitAlarm(after, Alarm::active);
            assertEquals(down.plus(Duration.ofMinutes(1)), raised.occurredAt());
            assertEquals("critical", raised.severity().wireName());
            // The clock armed before the reload (3 minutes) was kept and, once the engine's clock passed
            // it, judged by the new set: the window is one minute now, so it was raised, dated by that.
            Alarm late = harness.awaitAlarm(armed, Alarm::active);
            assertEquals(armedAt.plus(Duration.ofMinutes(1)), late.occurredAt());
            assertEquals("critical", late.severity().wireName());
            // The connection state was kept: the first link coming back clears its alarm by itself.
            harness.send(before.connected(harness.clock.instant()));
            Alarm cleared = harness.awaitAlarm(before, a -> !a.active());
            assertEquals(kept.serialNo(), cleared.serialNo());
            assertEquals("auto", cleared.clearType().wireName());
        }
    }

    @Test
    void aDefinitionRemovedByAReloadLeavesItsAlarmsListedAndWorkable() throws Exception {
        Path definitions = shippedDefinitions();
        try (EngineHarness harness = new EngineHarness(definitions, EngineHarness.repoFolder("rules"),
                EngineHarness.repoFolder("runbooks")).start()) {
            var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            FlumeLink link = FlumeLink.fresh();
            Alarm alarm = harness.raiseAtFreshHour(link);

            Files.delete(definitions.resolve("ALM-24003.yaml"));
            ApiClient.Answer loaded = admin.post("/api/admin/reload", "");

            assertEquals(200, loaded.status(), loaded.body().toString());
            assertEquals(404, admin.get("/api/definitions/24003").status());
            JsonNode listed = admin.get("/api/alarms?alarmId=24003").body();
            assertEquals(1, listed.get("total").asInt(), listed.toString());
            assertEquals(alarm.serialNo(), listed.get("items").get(0).get("serialNo").asLong());
            assertEquals(200, admin.post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
            assertEquals(200, admin.post("/api/alarms/" + alarm.serialNo() + "/comments",
                    "{\"text\":\"ALM-24003 retired\"}").status());
            ApiClient.Answer cleared = admin.post("/api/alarms/" + alarm.serialNo() + "/clear", "{\"reason\":\"type retired\"}");
            assertEquals(200, cleared.status(), cleared.body().toString());
            assertEquals("manual", cleared.body().get("clearType").asText());
        }
    }

    @Test
    void onlyAnAdminMayReload() {
        try (EngineHarness harness = new EngineHarness().start()) {
            var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            String operator = admin.post("/api/tokens", "{\"name\":\"ops-1\",\"role\":\"operator\"}").body()
                    .get("token").asText();
            assertEquals(403, admin.as(operator).post("/api/admin/reload", "").status());
            assertEquals(401, ApiClient.at(harness.engine().httpPort(), null).post("/api/admin/reload", "").status());
        }
    }

    private Path shippedDefinitions() throws java.io.IOException {
        Path definitions = Files.createDirectories(tmp.resolve("definitions"));
        try (var files = Files.list(EngineHarness.repoFolder("alarm-definitions"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, definitions.resolve(f.getFileName()));
            }
        }
        return definitions;
    }

    private static String metrics(EngineHarness harness) {
        return new String(ApiClient.at(harness.engine().httpPort(), null).download("/metrics").body(),
                StandardCharsets.UTF_8);
    }

}
