package io.almengine.notify;

import static io.almengine.testing.EngineHarness.awaitEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.engine.EngineConfig;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.WebhookServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole path on the real broker: a connection lost → ALM-24003 → routed, grouped and sent to a
 * real local webhook; the attempt in {@code GET /api/notifications} and on the alarm's history; a
 * message pending while its receiver is down survives a restart of the engine and is delivered after.
 */
class NotificationsOnBrokerTest {

    private static Path notificationsFile(String url) throws IOException {
        Path file = Files.createTempFile("notifications", ".yaml");
        Files.writeString(file, """
                receivers:
                  - name: ops-hook
                    webhook: {url: "%s", timeout: PT2S}
                route:
                  receiver: ops-hook
                  groupBy: [alarmId, source]
                  groupWait: PT30S
                """.formatted(url));
        return file;
    }

    /** An engine (not started) whose notifications go to {@code hook}. */
    private static EngineHarness engineSendingTo(WebhookServer hook) throws IOException {
        Path file = notificationsFile(hook.url());
        return new EngineHarness().configure(c -> c.notifications(EngineConfig.defaults().notifications()
                .withFile(file, true).withExternalUrl("http://alm.example").withRetry(Duration.ofMillis(50),
                        Duration.ofMillis(200))));
    }

    @Test
    void aLostConnectionReachesTheWebhookAndIsListedAndRecordedOnTheAlarm() throws IOException {
        try (var hook = new WebhookServer(java.time.Clock.systemUTC()); var harness = engineSendingTo(hook).start()) {
            FlumeLink link = FlumeLink.fresh();
            Alarm alarm = harness.raiseAtFreshHour(link);
            awaitSent(harness, () -> !hook.taken().isEmpty());
            JsonNode message = hook.taken().get(0);
            assertEquals("4", message.get("version").asText());
            assertEquals(Long.toString(alarm.serialNo()), message.at("/alerts/0/labels/serialNo").asText());
            assertEquals("http://alm.example/#/alarm/" + alarm.serialNo(), message.at("/alerts/0/generatorURL").asText());

            Alarm notified = harness.awaitAlarm(link, a -> a.history().stream()
                    .anyMatch(h -> h.change().equals("notified")));
            var entry = notified.history().stream().filter(h -> h.change().equals("notified")).toList();
            assertEquals(1, entry.size(), notified.history().toString());
            assertEquals("ops-hook: sent", entry.get(0).detail());
            assertEquals("notify", entry.get(0).by());

            ApiClient admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            JsonNode listed = awaitListed(admin, "/api/notifications?serialNo=" + alarm.serialNo() + "&status=sent");
            assertEquals("ops-hook", listed.at("/items/0/receiver").asText());
            assertEquals("webhook", listed.at("/items/0/type").asText());
            assertEquals("200 ok", listed.at("/items/0/answer").asText());
            assertEquals(400, admin.get("/api/notifications?status=lost").status());

            var test = admin.post("/api/receivers/ops-hook/test", "");
            assertEquals(200, test.status(), test.body().toString());
            assertEquals("sent", test.body().get("status").asText());
            assertEquals("ALM-TEST", hook.taken().get(hook.taken().size() - 1).at("/alerts/0/labels/alertname").asText());
            assertEquals(404, admin.post("/api/receivers/nobody/test", "").status());
            String viewer = admin.post("/api/tokens", "{\"name\":\"watcher\",\"role\":\"viewer\"}").body()
                    .get("token").asText();
            assertEquals(403, admin.as(viewer).post("/api/receivers/ops-hook/test", "").status());
            // Nothing the API answers shows a receiver's settings.
            assertFalse(admin.get("/api/notifications").body().toString().contains(hook.url()));
        }
    }

    @Test
    void aMessagePendingWhileTheReceiverIsDownSurvivesARestartAndIsDeliveredOnceItIsBack() throws IOException {
        try (var hook = new WebhookServer(java.time.Clock.systemUTC()); var harness = engineSendingTo(hook).start()) {
            hook.answer(new WebhookServer.Answer(503, "down for maintenance", null));
            FlumeLink link = FlumeLink.fresh();
            Alarm alarm = harness.raiseAtFreshHour(link);
            awaitSent(harness, () -> !hook.requests().isEmpty());
            harness.stopEngine();
            int triedBefore = hook.requests().size();
            hook.answer(WebhookServer.Answer.OK);
            harness.start();
            // Its back-off runs on the engine clock.
            awaitSent(harness, () -> !hook.taken().isEmpty());
            assertTrue(triedBefore >= 1);
            List<String> serials = new ArrayList<>();
            hook.taken().forEach(m -> m.get("alerts").forEach(a -> serials.add(a.at("/labels/serialNo").asText())));
            assertEquals(List.of(Long.toString(alarm.serialNo())), serials);
            Alarm notified = harness.awaitAlarm(link, a -> a.history().stream()
                    .anyMatch(h -> h.change().equals("notified")));
            assertEquals(1, notified.history().stream().filter(h -> h.change().equals("notified")).count());
        }
    }

    @Test
    void twoInstancesSendEachMessageOnceAndAnInstanceLeavingLosesNone() throws IOException {
        try (var hook = new WebhookServer(java.time.Clock.systemUTC())) {
            Path file = Files.createTempFile("notifications", ".yaml");
            Files.writeString(file, """
                    receivers:
                      - name: ops-a
                        webhook: {url: "%1$s"}
                      - name: ops-b
                        webhook: {url: "%1$s"}
                      - name: ops-c
                        webhook: {url: "%1$s"}
                    route:
                      receiver: ops-a
                      groupBy: [alarmId, source]
                      groupWait: PT30S
                      routes:
                        - matchers: ['source=~"cluster-[135]"']
                          receiver: ops-b
                          continue: true
                        - matchers: ['source=~"cluster-[24]"']
                          receiver: ops-c
                          groupWait: PT10M
                    """.formatted(hook.url()));
            var harness = new EngineHarness().configure(c -> c.notifications(EngineConfig.defaults().notifications()
                    .withFile(file, true).withRetry(Duration.ofMillis(50), Duration.ofMillis(200))));
            try (var first = harness.start()) {
                var hour = harness.freshHour();
                var links = new ArrayList<FlumeLink>();
                for (int i = 1; i <= 6; i++) {
                    FlumeLink fresh = FlumeLink.fresh();
                    links.add(new FlumeLink("cluster-" + i, fresh.clientIp(), fresh.clientName(), fresh.sinkName(),
                            fresh.serverHost(), fresh.serverPort()));
                }
                links.forEach(l -> harness.send(l.disconnected(hour)));
                harness.clockAt(hour.plus(Duration.ofMinutes(3)));
                links.forEach(l -> harness.awaitAlarm(l, Alarm::active));
                // Groups are open and waiting; a second instance joins and takes some of them over.
                try (var second = harness.startAnotherInstance()) {
                    // 1, 3, 5 → ops-b (continue finds no other match: not the root's ops-a, as in
                    // Alertmanager); 6 → the root's ops-a; 2, 4 → ops-c, but only after 10 minutes.
                    awaitEngine().pollInterval(Duration.ofMillis(50)).until(() -> {
                        harness.clock.set(harness.clock.instant().plusSeconds(5));
                        return hook.taken().size() >= 4;
                    });
                }
                // The second one has left: the groups it had pending come back to the first.
                harness.clockAt(hour.plus(Duration.ofMinutes(14)));
                awaitEngine().until(() -> hook.taken().size() >= 6);
                harness.clockAt(hour.plus(Duration.ofMinutes(16)));
                var sent = new java.util.TreeMap<String, Integer>();
                hook.taken().forEach(m -> sent.merge(m.get("receiver").asText() + " "
                        + m.at("/groupLabels/source").asText(), 1, Integer::sum));
                var expected = new java.util.TreeMap<String, Integer>();
                for (String r : List.of("ops-b cluster-1", "ops-c cluster-2", "ops-b cluster-3", "ops-c cluster-4",
                        "ops-b cluster-5", "ops-a cluster-6")) {
                    expected.put(r, 1);
                }
                assertEquals(expected, sent);
            }
        }
    }

    @Test
    void aBadNotificationsFileStopsTheStartNamingFileAndLine() throws IOException {
        Path file = Files.createTempFile("notifications", ".yaml");
        Files.writeString(file, """
                receivers:
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:9/alerts"}
                route:
                  receiver: ops-hook
                  groupInterval: 5 minutes
                """);
        var harness = new EngineHarness().configure(c -> c.notifications(EngineConfig.defaults().notifications()
                .withFile(file, true)));
        try (harness) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, harness::start);
            assertTrue(e.getCause() instanceof io.almengine.definition.InvalidDefinitionsException, e.toString());
            String message = e.getCause().getMessage();
            assertTrue(message.contains(file.toString()), message);
            assertTrue(message.contains(file.getFileName() + ":6: route.groupInterval: '5 minutes' is not an ISO-8601"
                    + " duration"), message);
            assertEquals(null, harness.engine());
        }
    }

    /**
     * The group opens when the stage reads the raise, at the engine clock of that moment, which the
     * test cannot see: the clock goes on in steps of 5 s until the condition holds.
     */
    @Test
    void twoHundredClientsOfOneServerPortDroppingInOneSecondAreOneMessage() throws IOException {
        try (var hook = new WebhookServer(java.time.Clock.systemUTC()); var harness = engineSendingTo(hook).start()) {
            java.time.Instant t = harness.freshHour();
            var links = new ArrayList<FlumeLink>();
            for (int i = 0; i < 200; i++) {
                FlumeLink f = FlumeLink.fresh();
                links.add(new FlumeLink(f.source(), f.clientIp(), f.clientName(), f.sinkName(), "127.0.0.1", 39002));
            }
            harness.send(links.stream().map(l -> l.connected(t)).toArray(io.almengine.model.ConnectionEvent[]::new));
            java.time.Instant down = t.plusSeconds(10);
            var drops = new ArrayList<io.almengine.model.ConnectionEvent>();
            for (int i = 0; i < links.size(); i++) {
                drops.add(links.get(i).disconnected(down.plusMillis(4L * i)));
            }
            harness.send(drops.toArray(io.almengine.model.ConnectionEvent[]::new));
            harness.clockAt(down.plus(Duration.ofMinutes(3)).plusSeconds(1));
            Alarm parent = harness.awaitAlarm("cluster-a|flume|127.0.0.1:39002", Alarm::active);
            for (FlumeLink link : links) {
                harness.awaitAlarm(link, a -> a.active() && Long.valueOf(parent.serialNo()).equals(a.parent()));
            }

            awaitSent(harness, () -> !hook.taken().isEmpty());
            // Every group's wait and interval past: still the one message.
            for (int i = 0; i < 8; i++) {
                harness.clockAt(harness.clock.instant().plus(Duration.ofMinutes(1)));
            }
            assertEquals(1, hook.taken().size(), hook.taken().toString());
            assertEquals("ALM-24900", hook.taken().get(0).at("/alerts/0/labels/alertname").asText());
            // The test's clock jumps to the deadline right after the drops: the count is of the reports
            // the port's task had read by then (all 200 on the pipeline test); the links cover all.
            int counted = hook.taken().get(0).at("/alerts/0/labels/clientsDown").asInt();
            assertTrue(counted >= 3 && counted <= 200, "clientsDown " + counted);
            Alarm child = harness.awaitAlarm(links.get(0), a -> a.history().stream()
                    .anyMatch(h -> h.change().equals("notified")));
            assertTrue(child.history().stream().anyMatch(h -> h.change().equals("notified")
                    && h.detail().contains("held") && h.detail().contains("parent alarm " + parent.serialNo())),
                    child.history().toString());
        }
    }

    private static void awaitSent(EngineHarness harness, java.util.concurrent.Callable<Boolean> condition) {
        awaitEngine().pollInterval(Duration.ofMillis(50)).until(() -> {
            if (condition.call()) {
                return true;
            }
            harness.clockAt(harness.clock.instant().plusSeconds(5));
            return false;
        });
    }

    private static JsonNode awaitListed(ApiClient api, String path) {
        JsonNode[] found = new JsonNode[1];
        awaitEngine().until(() -> {
            found[0] = api.get(path).body();
            return found[0].get("total").asInt() > 0;
        });
        return found[0];
    }
}
