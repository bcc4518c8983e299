package io.almengine.engine;

import static io.almengine.testing.EngineHarness.awaitEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream thread that dies is replaced; when the replacement dies too, and the next, Kafka Streams
 * still says RUNNING or REBALANCING in between while a partition goes unprocessed. Health must say
 * DOWN, and why, for as long as that goes on. Here a partition comes back to an instance that
 * cannot open its state folder (a file stands where the folder was): every thread it lands on dies.
 */
class CrashLoopHealthTest {

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    private static Map<String, Object> health() {
        return harness.engine().health().details();
    }

    @SuppressWarnings("unchecked")
    private static Set<Integer> partitions(Engine engine) {
        return new HashSet<>((List<Integer>) engine.health().details().get("partitions"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void healthIsDownWithTheReasonWhileStreamThreadsKeepFailing() throws Exception {
        assertEquals("UP", health().get("status"), health().toString());
        int moved;
        try (Engine other = harness.startAnotherInstance()) {
            awaitEngine().atMost(Duration.ofSeconds(60)).until(() ->
                    partitions(harness.engine()).size() == 1 && partitions(other).size() == 1);
            moved = partitions(other).iterator().next();
            Path dir = harness.taskStateDir("0_" + moved);
            deleteTree(dir);
            Files.writeString(dir, "not a folder");
        }
        // The other instance has left: its partition comes back, and the thread that takes it dies.

        // Stream threads die here on purpose: their uncaught exceptions are not the test's failure.
        Map<String, Object> down = awaitEngine().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60))
                .until(CrashLoopHealthTest::health,
                h -> String.valueOf(h.get("reason")).contains("stream threads failed"));
        assertEquals("DOWN", down.get("status"), down.toString());
        assertTrue(String.valueOf(down.get("reason")).contains("0_" + moved), down.toString());
        awaitEngine().dontCatchUncaughtExceptions().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> "DOWN".equals(health().get("status")));
    }
}
