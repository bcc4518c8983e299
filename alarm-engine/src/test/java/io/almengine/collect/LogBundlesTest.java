package io.almengine.collect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.engine.EngineConfig;
import io.almengine.model.Json;
import io.almengine.testing.Bundles;
import io.almengine.testing.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's bundle store: status and archive are kept on disk, so another engine started on
 * the same data folder answers for them; a bundle an engine left unfinished is reported failed.
 */
class LogBundlesTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aFinishedBundleIsStillThereForTheNextEngineOnTheSameDataFolder() throws Exception {
        Path root = tmp.resolve("logs");
        Path log = LogFiles.write(root.resolve("flume-client.log"), AT,
                List.of("2026-11-20 08:00:00,000 | ERROR | Failed to send events"));
        Path dir = tmp.resolve("data/log-bundles");
        String id;
        try (var bundles = bundles(dir, root)) {
            id = bundles.submit(request(root), 1000, 24003);
            await().atMost(Duration.ofSeconds(20)).until(() -> bundles.status(id).orElseThrow().finished());
        }

        try (var next = bundles(dir, root)) {
            BundleStatus status = next.status(id).orElseThrow();
            assertEquals(BundleStatus.DONE, status.status());
            assertEquals(1000, status.serialNo());
            assertEquals("/api/log-bundles/" + id + "/download", status.download());
            Path archive = next.archive(id).orElseThrow();
            assertEquals(Files.size(archive), status.sizeBytes());
            assertTrue(Bundles.read(archive).file(log).contains("Failed to send events"));
        }
    }

    @Test
    void aBundleLeftUnfinishedByAStoppedEngineIsReportedFailed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data/log-bundles"));
        String id = "6f1c2a3b-0000-4000-8000-000000000001";
        var queued = new BundleStatus(id, 1000, 24003, BundleStatus.RUNNING, AT, "ops-1", null,
                new BundleProgress.Snapshot(1, 3, 10, 100), 0, false, List.of(), List.of(), null);
        Files.write(dir.resolve(id + ".json"), Json.MAPPER.writeValueAsBytes(queued));
        Files.writeString(dir.resolve(id + ".tar.gz.part"), "half a bundle");

        try (var bundles = bundles(dir, tmp)) {
            BundleStatus status = bundles.status(id).orElseThrow();
            assertEquals(BundleStatus.FAILED, status.status());
            assertEquals(List.of("the engine stopped before this bundle was done; ask for a new one"), status.errors());
            assertTrue(bundles.archive(id).isEmpty());
        }
        assertFalse(Files.exists(dir.resolve(id + ".tar.gz.part")), "the half-written archive is removed");
    }

    @Test
    void idsThatAreNotTheEnginesOwnAreNeverTurnedIntoPaths() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data/log-bundles"));
        Files.writeString(tmp.resolve("data/admin.json"), "{}");
        try (var bundles = bundles(dir, tmp)) {
            assertTrue(bundles.status("../admin").isEmpty());
            assertTrue(bundles.archive("../../etc/passwd").isEmpty());
        }
    }

    @Test
    void bundlesTheirStatusAndTheirFolderAreOwnerOnly() throws Exception {
        Path root = tmp.resolve("logs");
        LogFiles.write(root.resolve("flume-client.log"), AT, List.of("2026-11-20 08:00:00,000 | ERROR | Failed to send events"));
        Path dir = Files.createDirectories(tmp.resolve("data/log-bundles"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (var bundles = bundles(dir, root)) {
            String id = bundles.submit(request(root), 1000, 24003);
            await().atMost(Duration.ofSeconds(20)).until(() -> bundles.status(id).orElseThrow().finished());

            assertEquals("rwx------", permissions(dir), "the bundles' folder");
            assertEquals("rw-------", permissions(bundles.archive(id).orElseThrow()), "the bundle");
            assertEquals("rw-------", permissions(dir.resolve(id + ".json")), "its status");
        }
    }

    private static String permissions(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static LogBundles bundles(Path dir, Path root) {
        return new LogBundles(dir, LogRoots.of(List.of(root)),
                EngineConfig.defaults().collect().withLogZone(ZoneOffset.UTC), Clock.systemUTC());
    }

    private static BundleRequest request(Path root) {
        return new BundleRequest(Map.of("serialNo", 1000), AT, Duration.ofHours(1), Duration.ofHours(1),
                List.of(new LogSource("client", root + "/*.log", "Flume client logs", null)), "ops-1");
    }
}
