package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.testing.EngineProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --fleet logtail} runs end to end on a few thousand Logtail agents: agents that only
 * heartbeat, some falling silent for longer than the threshold (ALM-24101 raised, then cleared by
 * the next heartbeat) and some for half of it (no alarm). Only that it works and that every
 * silence was judged right is checked; its figures are for the docs, not for tests.
 */
class LogtailBenchIT {

    private static final List<String> CONTRACT_FIELDS = List.of("rawConsumePerSec", "engineEventsPerSec",
            "raiseLatenessP50Ms", "raiseLatenessP99Ms", "clearLatencyP50Ms", "clearLatencyP99Ms",
            "heapBytesPerConnection", "recoverySeconds");

    @TempDir
    Path dir;

    @Test
    void aSmallLogtailFleetRaisesEverySilenceOnceAndNothingElse() throws Exception {
        Process process = new ProcessBuilder("java", "-Xmx1g", "-jar", EngineProcess.jar().toString(), "bench",
                // Heartbeats every 2 s against an 8 s threshold: a blip (4 s of silence) and a steady
                // agent stay clear of it even when a loaded machine makes the engine lag a few seconds.
                // The short warm-up keeps the engine from running on cold code while the fleet beats.
                "--fleet", "logtail", "--connections", "2000", "--backlog-events", "6000", "--warm-up-events", "20000",
                "--heartbeat-interval", "PT2S", "--raise-after", "PT8S", "--live", "PT18S", "--partitions", "2",
                "--work-dir", dir.resolve("work").toString())
                .redirectError(dir.resolve("bench.log").toFile()).start();
        var stdout = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String out = stdout.get(10, TimeUnit.SECONDS);
        String log = Files.readString(dir.resolve("bench.log"));
        assertEquals(0, process.exitValue(), out + "\n" + log);

        List<String> lines = out.strip().lines().toList();
        JsonNode figures = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        for (String field : CONTRACT_FIELDS) {
            assertTrue(figures.path(field).isNumber(), field + " in " + figures);
        }
        assertEquals(2000, figures.get("connections").asInt());
        assertTrue(log.contains("fleet: LOGTAIL"), "the Logtail fleet was simulated:\n" + log);
        assertEquals(10, figures.get("alarmsTimed").asInt(), "every agent silent past the threshold raised: " + figures);
        assertEquals(10, figures.get("clearsTimed").asInt(), "and cleared by its next heartbeat: " + figures);
        assertEquals(0, figures.get("missingRaises").asInt() + figures.get("missingClears").asInt()
                + figures.get("duplicateRaises").asInt() + figures.get("falseAlarms").asInt(), figures.toString());
    }
}
