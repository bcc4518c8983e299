package io.almengine.api;

import static io.almengine.testing.EngineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.testing.Bundles;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.LogFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log bundles over the API: asked for on an alarm (202 with an id), built in the background with
 * progress, downloaded as a .tar.gz whose manifest names the alarm. The definitions' globs point into a temporary folder; only the Flume client's log
 * folder is a log root, so the Flume server's glob lies outside every root and is reported.
 */
class LogBundleApiTest {

    private static Path logs;
    private static Path clientLogs;
    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient operator;
    private static ApiClient viewer;

    @BeforeAll
    static void start() throws IOException {
        logs = Files.createTempDirectory("alm-logs");
        clientLogs = Files.createDirectories(logs.resolve("var/log/Bigdata/flume-client"));
        harness = EngineHarness.collectingLogs(logs, clientLogs).start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        operator = admin.as(token("ops-bundles", "operator"));
        viewer = admin.as(token("bundle-watcher", "viewer"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aBundleIsBuiltInTheBackgroundAndDownloadedWithTheAlarmsFilesCutToTheWindow() {
        Alarm alarm = alarmWithLogs(1);
        Path log = clientLogs.resolve("flume-client-1.log");

        ApiClient.Answer created = operator.post("/api/alarms/" + alarm.serialNo() + "/log-bundles", "");
        assertEquals(202, created.status(), created.body().toString());
        String id = created.body().get("id").asText();

        JsonNode status = awaitDone(id);
        assertEquals(alarm.serialNo(), status.get("serialNo").asLong());
        assertEquals("ops-bundles", status.get("createdBy").asText());
        JsonNode progress = status.get("progress");
        assertTrue(progress.get("filesDone").asLong() >= 1, "other tests' logs may be there too: " + progress);
        assertEquals(progress.get("filesTotal").asLong(), progress.get("filesDone").asLong());
        assertEquals(progress.get("bytesTotal").asLong(), progress.get("bytesDone").asLong());
        assertTrue(progress.get("bytesTotal").asLong() > 0);
        assertEquals(0, status.get("errors").size(), status.toString());
        assertTrue(skipReasons(status).stream().anyMatch(r -> r.startsWith("outside every log root")),
                "the Flume server's glob is reported: " + status.get("skipped"));

        HttpResponse<byte[]> download = operator.download(status.get("download").asText());
        assertEquals(200, download.statusCode());
        assertEquals("application/gzip", download.headers().firstValue("Content-Type").orElse(""));
        assertTrue(download.headers().firstValue("Content-Disposition").orElse("").contains(
                "ALM-24003-" + alarm.serialNo() + "-" + id + ".tar.gz"));
        Bundles bundle = Bundles.read(new ByteArrayInputStream(download.body()));
        JsonNode manifest = bundle.manifest();
        assertEquals(alarm.serialNo(), manifest.at("/alarm/serialNo").asLong());
        assertEquals(alarm.occurredAt().minus(Duration.ofHours(1)).toString(), manifest.at("/window/from").asText());
        List<String> kept = bundle.file(log).lines().toList();
        assertEquals(LogFiles.lines(LogFiles.log4j(ZoneOffset.UTC), alarm.occurredAt().minus(Duration.ofHours(1)),
                alarm.occurredAt().plus(Duration.ofHours(1)), Duration.ofMinutes(10)), kept);
    }

    @Test
    void unknownOrMalformedBundleIdsAnswer404AndViewersMayNotTouchBundles() {
        Alarm alarm = alarmWithLogs(2);

        assertEquals(404, operator.get("/api/log-bundles/00000000-0000-0000-0000-000000000000").status());
        int traversal = operator.download("/api/log-bundles/..%2F..%2Fadmin.token").statusCode();
        assertTrue(traversal == 404 || traversal == 400, "refused, not served: " + traversal);
        assertEquals(404, operator.download("/api/log-bundles/not-an-id/download").statusCode());
        assertEquals(403, viewer.post("/api/alarms/" + alarm.serialNo() + "/log-bundles", "").status());
        assertEquals(404, operator.post("/api/alarms/987654321/log-bundles", "").status());
    }

    // ---------------------------------------------------------------- helpers

    private static String token(String name, String role) {
        return admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}").body().get("token")
                .asText();
    }

    /** An active ALM-24003 alarm and its client's log: a line every 10 minutes from 2 h before to 2 h after it. */
    private static Alarm alarmWithLogs(int n) {
        Instant t = T0.plus(Duration.ofDays(n));
        FlumeLink link = FlumeLink.fresh();
        harness.clockAt(t);
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(Duration.ofMinutes(3)));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        Instant at = alarm.occurredAt();
        LogFiles.write(clientLogs.resolve("flume-client-" + n + ".log"), at.plus(Duration.ofHours(2)),
                LogFiles.lines(LogFiles.log4j(ZoneOffset.UTC), at.minus(Duration.ofHours(2)), at.plus(Duration.ofHours(2)),
                        Duration.ofMinutes(10)));
        return alarm;
    }

    private static JsonNode awaitDone(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> operator.get("/api/log-bundles/" + id).body(),
                s -> {
                    assertTrue(!"failed".equals(s.path("status").asText()), s.toString());
                    return "done".equals(s.path("status").asText());
                });
    }

    private static List<String> skipReasons(JsonNode status) {
        var out = new java.util.ArrayList<String>();
        status.get("skipped").forEach(s -> out.add(s.get("reason").asText()));
        return out;
    }
}
