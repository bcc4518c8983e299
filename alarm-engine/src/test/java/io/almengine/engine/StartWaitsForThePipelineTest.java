package io.almengine.engine;

import static io.almengine.testing.EngineHarness.awaitEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An engine whose pipeline cannot start yet does not give up, nor keep quiet: it serves
 * {@code /api/health} as DOWN with the reason while it waits, and starts once the cause is gone.
 * Here the stream threads die on a state folder they cannot create until the test removes the
 * file that stands in its way.
 */
class StartWaitsForThePipelineTest {

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static ApiClient.Answer healthAt(int port) {
        try {
            return ApiClient.at(port, null).get("/api/health");
        } catch (RuntimeException notServingYet) {
            return null;
        }
    }

    @Test
    void healthSaysDownAndWhyWhileThePipelineCannotStartAndTheEngineStartsOnceItCan() throws Exception {
        int port = freePort();
        try (var harness = new EngineHarness().configure(c -> c.httpPort(port))) {
            List<Path> blocked = List.of(harness.taskStateDir("0_0"), harness.taskStateDir("0_1"));
            Files.createDirectories(blocked.get(0).getParent());
            for (Path dir : blocked) {
                Files.writeString(dir, "not a folder");
            }
            CompletableFuture<Void> start = CompletableFuture.runAsync(harness::start);

            // Stream threads die here on purpose: their uncaught exceptions are not the test's failure.
            ApiClient.Answer waiting = awaitEngine().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90))
                    .until(() -> healthAt(port),
                    a -> a != null && a.body().path("reason").asText().contains("stream threads failed"));
            assertEquals(503, waiting.status(), waiting.body().toString());
            JsonNode body = waiting.body();
            assertEquals("DOWN", body.path("status").asText());
            assertTrue(body.path("reason").asText().startsWith("the pipeline is starting:"), body.toString());
            assertTrue(body.path("reason").asText().contains("can't be created"), body.toString());

            for (Path dir : blocked) {
                Files.delete(dir);
            }
            start.get(120, TimeUnit.SECONDS);
            Instant t = harness.freshHour();
            FlumeLink link = FlumeLink.fresh();
            harness.send(link.disconnected(t));
            harness.clockAt(t.plus(Duration.ofMinutes(3)));
            harness.awaitAlarm(link, Alarm::active);
        }
    }
}
