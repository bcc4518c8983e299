package io.almengine.process;

import static io.almengine.process.EngineProcessIT.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine as an operator runs it (embedded broker, one data directory), SIGKILLed again and
 * again: under load, and then idle for a while after a restart, which once left the consumer
 * group waiting minutes for its dead members. Whatever came before, every restart on the same data
 * directory is processing events again within 30 s: an alarm is raised and cleared through the API.
 */
class RestartAfterKillIT {

    private static final Duration RAISE_AFTER = Duration.ofSeconds(4);
    /** What the issue promises: after any SIGKILL, a restart is processing again within 30 s. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(30);
    private static final Duration FIRST_START = Duration.ofSeconds(120);
    private static final int KILLS_UNDER_LOAD = 4;
    private static final List<Duration> IDLE_BEFORE_KILL = List.of(Duration.ofSeconds(25), Duration.ofSeconds(45));

    @TempDir
    Path dataDir;

    @Test
    void everyRestartAfterASigkillIsProcessingWithinThirtySeconds() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(RAISE_AFTER);
        String[] args = {"--embedded-kafka-port", "0", "--definitions", definitions.toString()};
        var random = new Random(7);
        List<String> measured = new ArrayList<>();

        String before = "first start";
        for (int kill = 1; kill <= KILLS_UNDER_LOAD; kill++) {
            long start = System.nanoTime();
            EngineProcess engine = EngineProcess.start(dataDir, args);
            if (kill == 1) {
                // The first start formats the broker's storage and creates every topic: not a restart.
                assertProcessingWithin(engine, start, FIRST_START, before);
            } else {
                measured.add(assertProcessingWithin(engine, start, BACK_WITHIN, "restart after " + before));
            }
            try (var load = new Load(engine)) {
                Thread.sleep(1_000 + random.nextInt(3_000));
                assertTrue(load.posted() > 0, "the load reached the engine");
                // Requests in flight: the HTTP publisher is most likely in the middle of a transaction.
                engine.kill();
            }
            before = "kill " + kill + " (under load)";
        }
        for (Duration idle : IDLE_BEFORE_KILL) {
            long start = System.nanoTime();
            EngineProcess engine = EngineProcess.start(dataDir, args);
            measured.add(assertProcessingWithin(engine, start, BACK_WITHIN, "restart after " + before));
            Thread.sleep(idle.toMillis());
            engine.kill();
            before = "a kill " + idle.toSeconds() + " s after a restart, idle";
        }
        long start = System.nanoTime();
        try (EngineProcess engine = EngineProcess.start(dataDir, args)) {
            measured.add(assertProcessingWithin(engine, start, BACK_WITHIN, "restart after " + before));
        }
        System.out.println("RestartAfterKillIT, every restart: " + String.join("; ", measured));
    }

    /** A fresh link's alarm raised and cleared through the API, within {@code limit} of {@code start}. */
    private static String assertProcessingWithin(EngineProcess engine, long start, Duration limit, String which)
            throws Exception {
        FlumeLink link = FlumeLink.fresh();
        engine.post("/api/events", json(link.disconnected(Instant.now().minusSeconds(60))));
        awaitAlarmOf(engine, link, "active", start, limit, which);
        engine.post("/api/events", json(link.connected(Instant.now())));
        awaitAlarmOf(engine, link, "cleared", start, limit, which);
        double seconds = (System.nanoTime() - start) / 1e9;
        String line = String.format("%s: processing %.1f s after the process started", which, seconds);
        System.out.println("RestartAfterKillIT: " + line);
        assertTrue(seconds <= limit.toSeconds(), line + "\n" + engine.output());
        return line;
    }

    private static void awaitAlarmOf(EngineProcess engine, FlumeLink link, String state, long start, Duration limit,
                                     String which) {
        Duration left = limit.minusNanos(System.nanoTime() - start);
        try {
            await().atMost(left.isNegative() ? Duration.ZERO : left).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        // Narrowed to the link: the load raises well over a page of alarms, and this
                        // link's (an older occurredAt) would sort past the first page.
                        JsonNode items = Json.MAPPER.readTree(engine.get("/api/alarms?state=" + state
                                + "&limit=1000&q=" + link.clientName()).body()).get("items");
                        for (JsonNode item : items) {
                            if (link.connectionId().equals(item.path("connectionId").asText())) {
                                return true;
                            }
                        }
                        return false;
                    });
        } catch (RuntimeException e) {
            System.out.println("RestartAfterKillIT: " + which + ": no " + state + " alarm within " + limit);
            throw new AssertionError(which + ": no " + state + " alarm within " + limit + " of the start;"
                    + " health: " + health(engine) + "\nengine output:\n" + engine.output(), e);
        }
    }

    private static String health(EngineProcess engine) {
        try {
            return engine.get("/api/health").body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /**
     * Flapping links posted over HTTP by two clients as fast as the engine takes them, until closed
     * or the engine is gone: one request always waits for the other, so the HTTP publisher is inside a
     * transaction most of the time.
     */
    private static final class Load implements AutoCloseable {

        private static final int LINKS_PER_REQUEST = 200;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong posted = new AtomicLong();
        private final List<Thread> clients = new ArrayList<>();

        Load(EngineProcess engine) {
            for (int client = 0; client < 2; client++) {
                List<FlumeLink> links = new ArrayList<>();
                for (int i = 0; i < LINKS_PER_REQUEST; i++) {
                    links.add(FlumeLink.fresh());
                }
                Thread thread = new Thread(() -> flap(engine, links), "load-" + client);
                thread.setDaemon(true);
                thread.start();
                clients.add(thread);
            }
        }

        private void flap(EngineProcess engine, List<FlumeLink> links) {
            boolean up = false;
            while (running.get()) {
                Instant now = Instant.now();
                boolean state = up;
                ConnectionEvent[] batch = links.stream()
                        .map(l -> state ? l.connected(now) : l.disconnected(now)).toArray(ConnectionEvent[]::new);
                try {
                    engine.post("/api/events", json(batch));
                    posted.addAndGet(batch.length);
                } catch (Exception e) {
                    return; // the engine is gone
                }
                up = !up;
            }
        }

        long posted() {
            return posted.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(5_000);
            }
        }
    }
}
