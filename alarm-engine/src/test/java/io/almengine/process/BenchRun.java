package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.testing.EngineProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One {@code bench} run of the built jar as a user starts it: what it printed, and its contract figures. */
record BenchRun(String out, String log, JsonNode figures) {

    private static final List<String> CONTRACT_FIELDS = List.of("rawConsumePerSec", "engineEventsPerSec",
            "raiseLatenessP50Ms", "raiseLatenessP99Ms", "clearLatencyP50Ms", "clearLatencyP99Ms",
            "heapBytesPerConnection", "recoverySeconds");

    /** The figures every {@code bench --storm} run ends with. */
    private static final List<String> STORM_FIELDS = List.of("stormClients", "stormAlarmsRaised",
            "stormRaiseLatenessP50Ms", "stormRaiseLatenessP99Ms", "stormSecondsUntilAllRaised", "stormParents",
            "stormNotifications", "stormNotificationsMaxPerMinute", "stormApiFirstPageP50Ms", "stormApiFirstPageP99Ms");

    /** The restart figures, measured only when the run ends with its restarts. */
    private static final List<String> RESTART_FIELDS = List.of("restartSeconds", "recoverySeconds",
            "fullRestoreSeconds");

    /** Runs {@code bench} with {@code options} in {@code dir}; it must exit 0 and end with every contract figure. */
    static BenchRun of(Path dir, String... options) throws Exception {
        return run(dir, CONTRACT_FIELDS, options);
    }

    /**
     * Runs {@code bench --no-restarts} with {@code options} in {@code dir}: it must exit 0 and end with
     * every contract figure but the restart ones, which must be null (not measured, not made up).
     */
    static BenchRun withoutRestarts(Path dir, String... options) throws Exception {
        List<String> measured = CONTRACT_FIELDS.stream().filter(f -> !RESTART_FIELDS.contains(f)).toList();
        var all = new ArrayList<>(List.of(options));
        all.add("--no-restarts");
        BenchRun run = run(dir, measured, all.toArray(String[]::new));
        for (String field : RESTART_FIELDS) {
            assertTrue(run.figures().path(field).isNull(), field + " in " + run.figures());
        }
        assertTrue(run.log().contains("restarts: skipped"), run.log());
        return run;
    }

    /** Runs {@code bench --storm} with {@code options} in {@code dir}; it must exit 0 and end with every storm figure. */
    static BenchRun storm(Path dir, String... options) throws Exception {
        return run(dir, STORM_FIELDS, options);
    }

    private static BenchRun run(Path dir, List<String> fields, String... options) throws Exception {
        var command = new ArrayList<>(List.of("java", "-Xmx1g", "-jar", EngineProcess.jar().toString(), "bench"));
        command.addAll(List.of(options));
        command.addAll(List.of("--work-dir", dir.resolve("work").toString()));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("bench.log").toFile()).start();
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
        for (String field : fields) {
            assertTrue(figures.path(field).isNumber(), field + " in " + figures);
        }
        return new BenchRun(out, log, figures);
    }

    /** No outage went unraised or uncleared, none was raised twice, and no blip raised. */
    void assertEveryAlarmRight() {
        assertEquals(0, figures.get("missingRaises").asInt() + figures.get("missingClears").asInt()
                + figures.get("duplicateRaises").asInt() + figures.get("falseAlarms").asInt(), figures.toString());
    }
}
