package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.api.ApiClient;
import io.almengine.engine.EngineConfig;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.WebhookServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notifications.yaml is re-read with the other files on {@code POST /api/admin/reload}: a broken
 * one is refused with its line and the old routes go on sending; a valid one sends to its
 * receivers from then on, and the config hash says the set changed.
 */
class NotificationsReloadTest {

    @TempDir
    Path tmp;

    private static String routesTo(String url) {
        return """
                receivers:
                  - name: ops-hook
                    webhook: {url: "%s", timeout: PT2S}
                route:
                  receiver: ops-hook
                  groupBy: [alarmId, source]
                  groupWait: PT30S
                """.formatted(url);
    }

    /** Waits for {@code condition}, moving the engine's clock on so groups come due. */
    private static void awaitSent(EngineHarness harness, java.util.concurrent.Callable<Boolean> condition) {
        EngineHarness.awaitEngine().pollInterval(Duration.ofMillis(50)).until(() -> {
            if (condition.call()) {
                return true;
            }
            harness.clockAt(harness.clock.instant().plusSeconds(5));
            return false;
        });
    }

    @Test
    void aNewReceiverTakesOverAfterAReloadAndABrokenFileIsRefused() throws Exception {
        Path file = tmp.resolve("notifications.yaml");
        try (var first = new WebhookServer(Clock.systemUTC()); var second = new WebhookServer(Clock.systemUTC())) {
            Files.writeString(file, routesTo(first.url()));
            try (var harness = new EngineHarness().configure(c -> c.notifications(EngineConfig.defaults()
                    .notifications().withFile(file, true).withRetry(Duration.ofMillis(50), Duration.ofMillis(200))))
                    .start()) {
                var admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
                String startHash = admin.get("/api/health").body().get("configHash").asText();
                harness.raiseAtFreshHour(FlumeLink.fresh());
                awaitSent(harness, () -> !first.taken().isEmpty());

                Files.writeString(file, routesTo(second.url()).replace("groupWait: PT30S", "groupWait: 30s"));
                ApiClient.Answer refused = admin.post("/api/admin/reload", "");
                assertEquals(422, refused.status(), refused.body().toString());
                assertTrue(refused.body().get("errors").get(0).asText().startsWith("notifications.yaml:7: route.groupWait:"),
                        refused.body().toString());
                assertEquals(startHash, admin.get("/api/health").body().get("configHash").asText());

                Files.writeString(file, routesTo(second.url()));
                ApiClient.Answer loaded = admin.post("/api/admin/reload", "");
                assertEquals(200, loaded.status(), loaded.body().toString());
                assertNotEquals(startHash, loaded.body().get("configHash").asText(), "the hash covers notifications.yaml");
                int before = first.taken().size();
                harness.raiseAtFreshHour(FlumeLink.fresh());
                awaitSent(harness, () -> !second.taken().isEmpty());
                assertEquals(before, first.taken().size(), "the old receiver is not sent to any more");
            }
        }
    }
}
