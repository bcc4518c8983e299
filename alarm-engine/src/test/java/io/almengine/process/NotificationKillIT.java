package io.almengine.process;

import static io.almengine.process.EngineProcessIT.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.ConnectionEvent;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.TestBroker;
import io.almengine.testing.WebhookServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the engine while it is sending notifications to a slow webhook, and start it again:
 * every alarm's message arrives, and at most one message (the one under way at the kill) twice.
 */
class NotificationKillIT {

    @TempDir
    Path dataDir;

    @Test
    void aKillWhileSendingLosesNoMessageAndRepeatsAtMostTheOneUnderWay() throws Exception {
        String prefix = "notifykill" + UUID.randomUUID().toString().substring(0, 8) + ".";
        try (var hook = new WebhookServer(Clock.systemUTC())) {
            hook.delay(Duration.ofMillis(400));
            Path file = Files.createTempFile("notifications", ".yaml");
            Files.writeString(file, """
                    receivers:
                      - name: ops-hook
                        webhook: {url: "%s"}
                    route:
                      receiver: ops-hook
                      groupBy: [alarmId, clientIp]
                      groupWait: PT1S
                      groupInterval: PT10M
                    """.formatted(hook.url()));
            String[] args = {"--kafka-bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix,
                "--application-id", prefix + "engine", "--partitions", "2", "--notifications", file.toString()};
            var links = new ArrayList<FlumeLink>();
            for (int i = 0; i < 12; i++) {
                links.add(FlumeLink.fresh());
            }
            // Down for 10 minutes already: each is raised as soon as the engine reads it.
            Instant down = Instant.now().minus(Duration.ofMinutes(10));
            var engine = EngineProcess.start(dataDir, args);
            try {
                engine.post("/api/events", json(links.stream().map(l -> l.disconnected(down))
                        .toArray(ConnectionEvent[]::new)));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> hook.requests().size() >= 3);
                engine.kill();
            } finally {
                engine.close();
            }
            int beforeRestart = hook.requests().size();
            try (var again = EngineProcess.start(dataDir, args)) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                        .until(() -> perClient(hook).size() == links.size());
                Thread.sleep(2_000); // anything that would still come twice, comes now
                Map<String, Integer> counts = perClient(hook);
                int repeated = counts.values().stream().mapToInt(c -> c - 1).sum();
                System.out.println("kill while sending: " + beforeRestart + " of " + links.size()
                        + " messages before the kill, " + repeated + " sent twice");
                assertTrue(repeated <= 1, "at most one message twice: " + counts);
                assertEquals(links.size(), counts.size(), counts.toString());
                assertTrue(beforeRestart < links.size(), "the kill came while messages were still to send");
            }
        }
    }

    private static Map<String, Integer> perClient(WebhookServer hook) {
        var counts = new TreeMap<String, Integer>();
        hook.requests().forEach(r -> r.body().get("alerts").forEach(a ->
                counts.merge(a.at("/labels/clientIp").asText(), 1, Integer::sum)));
        return counts;
    }
}
