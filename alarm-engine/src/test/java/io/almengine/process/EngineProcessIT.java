package io.almengine.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.function.Supplier;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as a newcomer runs it: the packaged jar, the embedded broker, events posted over
 * HTTP, the alarm watched through the API. Thresholds are shortened through a definitions folder.
 */
class EngineProcessIT {

    @TempDir
    Path dataDir;

    @Test
    void validateFromThePackagedJarPassesTheShippedFoldersAndNamesABrokenFileWithoutKafka() throws Exception {
        EngineProcess.Result valid = EngineProcess.runToExit("validate");
        assertEquals(0, valid.exitCode(), valid.output());
        assertTrue(valid.output().startsWith("OK: 7 definitions, 7 runbooks, 7 rule files"), valid.output());

        Path broken = Definitions.shippedWith("ALM-24003.yaml",
                text -> text.replaceFirst("(?m)^severity: \\w+", "severity: disastrous"));
        EngineProcess.Result invalid = EngineProcess.runToExit("validate", "--definitions", broken.toString());
        assertEquals(1, invalid.exitCode(), invalid.output());
        assertTrue(invalid.output().startsWith(broken.resolve("ALM-24003.yaml") + ":9: severity: "), invalid.output());
    }

    @Test
    void sigHupReloadsTheFilesAndRefusesABrokenSetKeepingTheOldOne() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(3));
        Path flume = definitions.resolve("ALM-24003.yaml");
        try (var engine = EngineProcess.start(dataDir, "--embedded-kafka-port", "0",
                "--definitions", definitions.toString())) {
            String started = Json.MAPPER.readTree(engine.get("/api/health").body()).get("configHash").asText();

            Files.writeString(flume, Files.readString(flume).replaceFirst("(?m)^raiseAfter: PT3S", "raiseAfter: PT5S"));
            hangUp(engine);
            Supplier<String> hash = () -> {
                try {
                    return Json.MAPPER.readTree(engine.get("/api/health").body()).get("configHash").asText();
                } catch (Exception e) {
                    return null;
                }
            };
            await().atMost(Duration.ofSeconds(60)).until(() -> !started.equals(hash.get()) && hash.get() != null);
            String reloaded = hash.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.output().contains("SIGHUP: reloaded; config hash "
                    + reloaded));

            Files.writeString(flume, Files.readString(flume).replaceFirst("(?m)^severity: major", "severity: disastrous"));
            hangUp(engine);
            await().atMost(Duration.ofSeconds(60)).until(() -> engine.output().contains("SIGHUP: reload refused"));
            JsonNode health = Json.MAPPER.readTree(engine.get("/api/health").body());
            assertEquals(reloaded, health.get("configHash").asText(), "the old set goes on");
            assertTrue(health.get("lastReloadFailed").get("errors").get(0).asText().startsWith(flume + ":"),
                    health.toString());
        }
    }

    private static void hangUp(EngineProcess engine) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(engine.pid())).start().waitFor());
    }

    @Test
    void raisesAndClearsAnAlarmEndToEndOnTheEmbeddedBroker() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(3));
        try (var engine = EngineProcess.start(dataDir, "--embedded-kafka-port", "0",
                "--definitions", definitions.toString())) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dataDir.resolve("admin.token")), "admin token is owner-only");
            JsonNode health = Json.MAPPER.readTree(engine.get("/api/health").body());
            assertEquals("UP", health.get("status").asText());
            assertEquals(engine.kafka(), health.get("kafka").asText());
            assertTrue(engine.get("/").body().contains("app.js"), "the jar serves the console");
            assertEquals(200, engine.get("/app.js").statusCode());

            FlumeLink link = FlumeLink.fresh();
            Instant down = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertEquals(202, engine.post("/api/events", json(link.connected(down.minusSeconds(60)),
                    link.disconnected(down))).statusCode());

            JsonNode raised = awaitAlarm(engine, "active");
            assertEquals(24003, raised.get("alarmId").asInt());
            assertEquals("major", raised.get("severity").asText());
            assertEquals(down.plusSeconds(3), Instant.parse(raised.get("occurredAt").asText()));
            assertEquals(link.clientIp(), raised.get("params").get("clientIp").asText());
            assertEquals("/api/alarms/" + raised.get("serialNo").asLong() + "/runbook", raised.get("runbook").asText());

            assertEquals(202, engine.post("/api/events", json(link.connected(Instant.now()))).statusCode());
            JsonNode cleared = awaitAlarm(engine, "cleared");
            assertEquals(raised.get("serialNo"), cleared.get("serialNo"));
            assertEquals("auto", cleared.get("clearType").asText());
        }
    }

    @Test
    void aSecondStartOnTheSameDataDirectoryFindsTheSameTopicsAndAlarms() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(2));
        FlumeLink link = FlumeLink.fresh();
        JsonNode before;
        String token;
        try (var engine = EngineProcess.start(dataDir, "--embedded-kafka-port", "0",
                "--definitions", definitions.toString())) {
            token = engine.adminToken();
            assertEquals(202, engine.post("/api/events", json(link.disconnected(Instant.now().minusSeconds(10))))
                    .statusCode());
            before = awaitAlarm(engine, "active");
            engine.kill();
        }
        try (var engine = EngineProcess.start(dataDir, "--embedded-kafka-port", "0",
                "--definitions", definitions.toString())) {
            assertEquals(token, engine.adminToken(), "the admin token is kept");
            JsonNode list = Json.MAPPER.readTree(engine.get("/api/alarms?state=all").body());
            assertEquals(1, list.get("total").asInt(), "no alarm lost and none raised twice");
            assertEquals(before.get("serialNo"), list.get("items").get(0).get("serialNo"));

            engine.post("/api/events", json(link.connected(Instant.now())));
            assertEquals(before.get("serialNo"), awaitAlarm(engine, "cleared").get("serialNo"));
        }
    }

    @Test
    void aBrokenDefinitionStopsTheStartNamingFileLineAndField() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(3));
        Path file = definitions.resolve("ALM-24003.yaml");
        Files.writeString(file, Files.readString(file).replace("severity: major", "severity: huge"));
        var result = EngineProcess.runToExit("run", "--http-port", "0", "--embedded-kafka-port", "0",
                "--data-dir", dataDir.toString(), "--definitions", definitions.toString());
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("ALM-24003.yaml:9: severity:"), result.output());
        assertTrue(Files.notExists(dataDir.resolve("kafka-logs")), "nothing was started");
    }

    @Test
    void bindingBeyondLoopbackWarnsInOneLineThatTheApiIsReachableOverPlainHttp() throws Exception {
        // A broken definition stops each start before anything listens: the warning comes before that,
        // and the test binds nothing beyond loopback.
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(3));
        Path file = definitions.resolve("ALM-24003.yaml");
        Files.writeString(file, Files.readString(file).replace("severity: major", "severity: huge"));
        String warning = "reachable from the network over plain HTTP";
        var exposed = EngineProcess.runToExit("run", "--http-port", "0", "--embedded-kafka-port", "0",
                "--bind", "0.0.0.0", "--data-dir", dataDir.toString(), "--definitions", definitions.toString());
        List<String> lines = exposed.output().lines().filter(l -> l.contains(warning)).toList();
        assertEquals(1, lines.size(), exposed.output());
        assertTrue(lines.get(0).contains("--bind 0.0.0.0"), lines.get(0));

        var loopback = EngineProcess.runToExit("run", "--http-port", "0", "--embedded-kafka-port", "0",
                "--bind", "127.0.0.1", "--data-dir", dataDir.toString(), "--definitions", definitions.toString());
        assertTrue(loopback.output().contains("ALM-24003.yaml:9: severity:"), loopback.output());
        assertFalse(loopback.output().contains(warning), loopback.output());
    }

    @Test
    void aRuleFileWithASyntaxErrorStopsTheStartNamingFileAndLine() throws Exception {
        Path rules = Files.createDirectories(dataDir.resolve("rules"));
        Files.writeString(rules.resolve("broken.drl"), String.join("\n",
                "package rules.broken",
                "rule \"missing comma\"",
                "when",
                "    io.almengine.rules.ConnectionState( component == \"flume\" up == false )",
                "then",
                "end", ""));
        var result = EngineProcess.runToExit("run", "--http-port", "0", "--embedded-kafka-port", "0",
                "--data-dir", dataDir.resolve("data").toString(), "--rules", rules.toString());
        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("broken.drl:4:"), result.output());
    }

    static JsonNode awaitAlarm(EngineProcess engine, String state) {
        return awaitAlarm(engine, state, () -> "");
    }

    /** The first alarm in {@code state}; on failure the engine's output follows {@code moreOutput}. */
    static JsonNode awaitAlarm(EngineProcess engine, String state, Supplier<String> moreOutput) {
        try {
            return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode items = Json.MAPPER.readTree(engine.get("/api/alarms?state=" + state).body()).get("items");
                return items.size() > 0 ? items.get(0) : null;
            }, n -> n != null);
        } catch (RuntimeException e) {
            throw new AssertionError("no " + state + " alarm; " + moreOutput.get() + "engine output:\n"
                    + engine.output(), e);
        }
    }

    static String json(ConnectionEvent... events) throws Exception {
        return Json.MAPPER.writeValueAsString(List.of(events));
    }
}
