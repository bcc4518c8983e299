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
 * {@code bench} still runs end to end on a small fleet and ends with the contract's JSON line.
 * Only that it works is checked here; its figures are for docs/performance.md, not for tests.
 */
class BenchIT {

    private static final List<String> CONTRACT_FIELDS = List.of("rawConsumePerSec", "engineEventsPerSec",
            "raiseLatenessP50Ms", "raiseLatenessP99Ms", "clearLatencyP50Ms", "clearLatencyP99Ms",
            "heapBytesPerConnection", "recoverySeconds");

    @TempDir
    Path dir;

    @Test
    void aSmallRunPrintsEveryContractFigureAsJsonOnItsLastLine() throws Exception {
        Process process = new ProcessBuilder("java", "-Xmx1g", "-jar", EngineProcess.jar().toString(), "bench",
                "--connections", "2000", "--backlog-events", "10000", "--warm-up-events", "0",
                "--heartbeat-interval", "PT4S", "--raise-after", "PT2S", "--live", "PT12S", "--partitions", "2",
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
        assertEquals(0, process.exitValue(), out + "\n" + Files.readString(dir.resolve("bench.log")));

        List<String> lines = out.strip().lines().toList();
        JsonNode figures = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        for (String field : CONTRACT_FIELDS) {
            assertTrue(figures.path(field).isNumber(), field + " in " + figures);
        }
        assertEquals(2000, figures.get("connections").asInt());
        assertTrue(figures.get("alarmsTimed").asInt() > 0, "the live phase raised alarms: " + figures);
        assertEquals(0, figures.get("missingRaises").asInt() + figures.get("missingClears").asInt()
                + figures.get("duplicateRaises").asInt() + figures.get("falseAlarms").asInt(), figures.toString());
        assertTrue(out.contains("| engineEventsPerSec"), "the table comes first:\n" + out);
    }
}
