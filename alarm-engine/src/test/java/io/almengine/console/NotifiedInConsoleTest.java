package io.almengine.console;

import static io.almengine.testing.EngineHarness.awaitEngine;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.engine.EngineConfig;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.Needs;
import io.almengine.testing.WebhookServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/** The alarm's page says where it was notified and when, from its history. */
class NotifiedInConsoleTest {

    @Test
    void theAlarmDetailSaysWhichReceiverWasNotifiedAndWhen() throws Exception {
        Needs.tool(ConsolePage.browserInstalled(), "Debian's chromium and chromium-driver (.ci/run installs them)");
        try (var hook = new WebhookServer(Clock.systemUTC())) {
            Path file = Files.createTempFile("notifications", ".yaml");
            Files.writeString(file, """
                    receivers:
                      - name: ops-hook
                        webhook: {url: "%s"}
                    route:
                      receiver: ops-hook
                      groupWait: PT30S
                    """.formatted(hook.url()));
            var harness = new EngineHarness().configure(c -> c.notifications(EngineConfig.defaults().notifications()
                    .withFile(file, true)));
            try (harness) {
                harness.start();
                FlumeLink link = FlumeLink.fresh();
                harness.raiseAtFreshHour(link);
                awaitEngine().pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (!hook.taken().isEmpty()) {
                        return true;
                    }
                    harness.clockAt(harness.clock.instant().plusSeconds(5));
                    return false;
                });
                Alarm notified = harness.awaitAlarm(link, a -> a.history().stream()
                        .anyMatch(h -> h.change().equals("notified")));
                var page = ConsolePage.open(harness.engine().httpPort(), new Dimension(1280, 800), null);
                try {
                    page.browser.get(page.base);
                    page.visible(By.id("token")).sendKeys(harness.adminToken(), Keys.ENTER);
                    page.visible(By.id("alarms"));
                    page.browser.get(page.base + "#/alarm/" + notified.serialNo());
                    String shown = page.text(By.id("notified"));
                    assertTrue(shown.startsWith("ops-hook: sent · "), shown);
                    String parameters = page.text(By.cssSelector(".params"));
                    assertTrue(parameters.contains("Notified via"), parameters);
                } finally {
                    page.close();
                }
            }
        }
    }
}
