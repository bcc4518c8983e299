package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.metrics.MetricsRegistry;
import io.almengine.notify.webhook.WebhookReceiver;
import io.almengine.testing.Needs;
import io.almengine.testing.WebhookServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What leaves this instance is counted by receiver and outcome, as a real webhook answered. */
class NotifyMetricsTest {

    private static Notification message() {
        return new Notification("ops-hook", "{}:{}", Notification.Status.FIRING, Map.of(), Map.of(), Map.of(),
                "http://alm.example", List.of(SampleNotices.flumeClient(7, "10.0.0.7", false)), 0);
    }

    @Test
    void deliveredRefusedAndUnavailableMessagesAreCountedApart() {
        var registry = new SimpleMeterRegistry();
        var sender = new NotificationSender(Runnable::run, attempt -> { }, Clock.systemUTC(), new NotifyMetrics(registry));
        try (var hook = new WebhookServer(Clock.systemUTC())) {
            var receiver = WebhookReceiver.of(new ReceiverSpec("ops-hook", "webhook", Map.of("url", hook.url())));
            sender.sendNow(receiver, "webhook", "m1", message());
            hook.answer(new WebhookServer.Answer(400, "bad payload", null));
            sender.sendNow(receiver, "webhook", "m2", message());
            hook.answer(new WebhookServer.Answer(503, "busy", null));
            sender.sendNow(receiver, "webhook", "m3", message());
        }
        assertEquals(1.0, registry.get("alm.notifications").tag("receiver", "ops-hook").counter().count());
        assertEquals(1.0, registry.get("alm.notifications.failed").tag("reason", "rejected").counter().count());
        assertEquals(1.0, registry.get("alm.notifications.failed").tag("reason", "unavailable").counter().count());
        assertEquals(3, registry.get("alm.notification.latency").timer().count());
    }

    @Test
    void theContractsNamesPassPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Needs.tool(Files.isExecutable(promtool), "promtool (Debian package prometheus; .ci/run installs it)");
        try (var metrics = new MetricsRegistry(); var hook = new WebhookServer(Clock.systemUTC())) {
            var sender = new NotificationSender(Runnable::run, attempt -> { }, Clock.systemUTC(),
                    new NotifyMetrics(metrics.registry()));
            var receiver = WebhookReceiver.of(new ReceiverSpec("ops-hook", "webhook", Map.of("url", hook.url())));
            sender.sendNow(receiver, "webhook", "m1", message());
            hook.answer(new WebhookServer.Answer(400, "bad payload", null));
            sender.sendNow(receiver, "webhook", "m2", message());
            var out = new ByteArrayOutputStream();
            metrics.scrape(out);
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("alm_notifications_total{receiver=\"ops-hook\",type=\"webhook\"} 1.0"), text);
            assertTrue(text.contains("alm_notifications_failed_total{reason=\"rejected\",receiver=\"ops-hook\",type=\"webhook\"} 1.0"), text);
            assertTrue(text.contains("alm_notification_latency_seconds_bucket{"), text);

            Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            check.getOutputStream().write(out.toByteArray());
            check.getOutputStream().close();
            String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals(0, check.exitValue(), said);
            assertEquals("", said.strip(), "promtool's lint finds nothing");
        }
    }
}
