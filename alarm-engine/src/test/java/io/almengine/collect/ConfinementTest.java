package io.almengine.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.engine.EngineConfig;
import io.almengine.testing.Bundles;
import io.almengine.testing.LogFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing outside the log roots is ever read, whatever a definition says: real attacks on a
 * temporary folder: {@code ..}, symbolic links pointing out (to a file, to a folder), absolute
 * paths elsewhere, {@code /proc}, device files and FIFOs, and a file swapped for a link after the
 * scan. Outside the root lies a file with a secret that must never appear in a bundle.
 */
class ConfinementTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");
    private static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    @TempDir
    Path tmp;
    private Path root;
    private Path outside;
    private LogRoots roots;

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectories(tmp.resolve("logs"));
        outside = LogFiles.write(tmp.resolve("elsewhere/secret.log"), AT, List.of(SECRET));
        LogFiles.write(root.resolve("flume/flume-client.log"), AT, List.of("inside the root"));
        roots = LogRoots.of(List.of(root));
    }

    @Test
    void aGlobOutsideEveryRootIsSkippedAndReported() {
        LogRoots.Scan scan = roots.scan(tmp + "/elsewhere/**");

        assertEquals(List.of(), scan.files());
        assertEquals(1, scan.skipped().size());
        assertTrue(scan.skipped().get(0).reason().startsWith("outside every log root (" + real(root) + ")"),
                scan.skipped().get(0).reason());
    }

    @Test
    void aGlobThatClimbsWithDotDotIsRefused() {
        LogRoots.Scan scan = roots.scan(root + "/../elsewhere/*.log");

        assertEquals(List.of(), scan.files());
        assertTrue(scan.skipped().get(0).reason().contains("'..'"), scan.skipped().toString());
    }

    @Test
    void aSymbolicLinkToAFileOutsideIsNotFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("flume/escape.log"), outside);

        LogRoots.Scan scan = roots.scan(root + "/flume/*.log");

        assertEquals(List.of(root.resolve("flume/flume-client.log")), scan.files().stream().map(LogRoots.Found::path).toList());
        assertEquals("symbolic link to " + outside.toRealPath() + ", outside the log roots: not followed",
                reasonFor(scan, root.resolve("flume/escape.log")));
    }

    @Test
    void aSymbolicLinkToAFolderOutsideIsNotWalkedInto() throws IOException {
        Files.createSymbolicLink(root.resolve("flume/more"), outside.getParent());

        LogRoots.Scan scan = roots.scan(root + "/**");

        assertEquals(List.of(root.resolve("flume/flume-client.log")), scan.files().stream().map(LogRoots.Found::path).toList());
        assertTrue(reasonFor(scan, root.resolve("flume/more")).contains("outside the log roots"), scan.toString());
    }

    @Test
    void aGlobWhosePrefixIsALinkOutOfTheRootIsOutside() throws IOException {
        Files.createSymbolicLink(root.resolve("way-out"), outside.getParent());

        LogRoots.Scan scan = roots.scan(root + "/way-out/*.log");

        assertEquals(List.of(), scan.files());
        assertTrue(scan.skipped().get(0).reason().startsWith("outside every log root"), scan.skipped().toString());
    }

    @Test
    void aSymbolicLinkInsideTheRootToAFileInsideIsRead() throws IOException {
        Files.createSymbolicLink(root.resolve("current.log"), root.resolve("flume/flume-client.log"));

        LogRoots.Scan scan = roots.scan(root + "/current.log");

        assertEquals(1, scan.files().size(), scan.toString());
        assertEquals(root.resolve("flume/flume-client.log").toRealPath(), scan.files().get(0).real());
    }

    @Test
    void procIsNeverReadEvenWithTheWholeFileSystemAsRoot() {
        LogRoots everything = LogRoots.of(List.of(Path.of("/")));

        LogRoots.Scan environ = everything.scan("/proc/self/environ");
        LogRoots.Scan all = everything.scan("/proc/**");

        assertEquals(List.of(), environ.files());
        assertTrue(environ.skipped().get(0).reason().contains("never read"), environ.skipped().toString());
        assertEquals(List.of(), all.files());
    }

    @Test
    void rootsInPseudoFileSystemsOrThatDoNotExistAreIgnoredAndSaySo() {
        LogRoots configured = LogRoots.of(List.of(Path.of("/proc/self"), Path.of("/dev"), tmp.resolve("absent"), root));

        assertEquals(List.of(real(root)), configured.roots());
        assertEquals(3, configured.ignored().size(), configured.ignored().toString());
        assertTrue(configured.ignored().get(0).reason().contains("never read"));
        assertEquals("log root does not exist", configured.ignored().get(2).reason());
    }

    @Test
    void aDeviceFileReachedThroughALinkIsNeverOpened() throws IOException {
        Files.createSymbolicLink(root.resolve("zero.log"), Path.of("/dev/zero"));

        LogRoots.Scan scan = roots.scan(root + "/*.log");

        assertEquals(List.of(), scan.files());
        assertTrue(reasonFor(scan, root.resolve("zero.log")).contains("outside the log roots"), scan.toString());
    }

    @Test
    void aFifoIsNeverOpenedSoTheCollectorCannotBeMadeToWaitForever() throws Exception {
        Path fifo = root.resolve("flume/pipe.log");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");

        Manifest manifest = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                build(List.of(source(root + "/flume/*.log"))));

        assertEquals(List.of(root.resolve("flume/flume-client.log").toString()),
                manifest.files().stream().map(Manifest.FileEntry::path).toList());
        assertTrue(manifest.skipped().stream().anyMatch(s -> fifo.toString().equals(s.path())
                && s.reason().startsWith("not a regular file")), manifest.skipped().toString());
    }

    @Test
    void aFileSwappedForALinkAfterTheScanIsNotOpened() throws IOException {
        Path log = root.resolve("flume/flume-client.log");
        LogRoots.Found found = roots.scan(log.toString()).files().get(0);

        Files.delete(log);
        Files.createSymbolicLink(log, outside);

        IOException e = assertThrows(IOException.class, () -> roots.open(found).close());
        assertTrue(e.getMessage().contains("not the file scanned") || e.getMessage().contains("replaced"), e.getMessage());
    }

    @Test
    void noAttackPutsAByteFromOutsideIntoABundle() throws Exception {
        Files.createSymbolicLink(root.resolve("flume/escape.log"), outside);
        Files.createSymbolicLink(root.resolve("flume/dir"), outside.getParent());
        Files.createSymbolicLink(root.resolve("zero.log"), Path.of("/dev/zero"));
        List<LogSource> sources = List.of(
                source(root + "/**"),
                source(root + "/../elsewhere/secret.log"),
                source(outside.toString()),
                source(tmp + "/**"),
                source("/proc/self/environ"),
                source("/etc/passwd"));

        Path out = tmp.resolve("bundle.tar.gz");
        Manifest manifest = new BundleBuilder(roots, settings(), Clock.systemUTC())
                .build(request(sources), out, tmp.resolve("work"), new BundleProgress());

        Bundles bundle = Bundles.read(out);
        assertFalse(bundle.allText().contains(SECRET), "the secret outside the root is in the bundle");
        assertFalse(bundle.allText().contains("root:x:0:0"), "/etc/passwd is in the bundle");
        assertEquals(List.of("manifest.json", "files" + root.resolve("flume/flume-client.log")),
                List.copyOf(bundle.entries().keySet()));
        assertTrue(manifest.skipped().size() >= 6, manifest.skipped().toString());
    }

    @Test
    void aHardLinkToAFileOutsideTheRootIsRefusedAndTheManifestSaysWhy() throws Exception {
        Path link = root.resolve("flume/passwd.log");
        Files.createLink(link, outside);

        Path out = tmp.resolve("hard-link.tar.gz");
        Manifest manifest = new BundleBuilder(roots, settings(), Clock.systemUTC())
                .build(request(List.of(source(root + "/flume/*.log"))), out, tmp.resolve("work"), new BundleProgress());

        assertFalse(Bundles.read(out).allText().contains(SECRET), "the file outside the root is in the bundle");
        assertEquals(List.of(root.resolve("flume/flume-client.log").toString()),
                manifest.files().stream().map(Manifest.FileEntry::path).toList());
        Manifest.SkipEntry skip = manifest.skipped().stream().filter(s -> link.toString().equals(s.path()))
                .findFirst().orElseThrow(() -> new AssertionError("nothing said about " + link + ": " + manifest.skipped()));
        assertEquals("a hard link: the file has 2 names and only 1 of them is inside the log roots, so it may be "
                + "a file from elsewhere: not read", skip.reason());
    }

    @Test
    void aHardLinkWhoseEveryNameIsInsideTheRootsIsRead() throws IOException {
        Path log = root.resolve("flume/flume-client.log");
        Path second = Files.createDirectories(tmp.resolve("second-root")).resolve("copy.log");
        Files.createLink(root.resolve("flume/backup.log"), log);
        Files.createLink(second, log);
        LogRoots both = LogRoots.of(List.of(root, second.getParent()));

        LogRoots.Scan scan = both.scan(root + "/flume/*.log");

        assertEquals(List.of(root.resolve("flume/backup.log"), log),
                scan.files().stream().map(LogRoots.Found::path).sorted().toList(), scan.toString());
        assertEquals(List.of(), scan.skipped());
    }

    @Test
    void aHardLinkReachedThroughASymbolicLinkIsRefusedToo() throws IOException {
        Path hidden = Files.createDirectories(root.resolve("hidden")).resolve("passwd");
        Files.createLink(hidden, outside);
        Files.createSymbolicLink(root.resolve("flume/innocent.log"), hidden);

        LogRoots.Scan scan = roots.scan(root + "/flume/*.log");

        assertEquals(List.of(root.resolve("flume/flume-client.log")), scan.files().stream().map(LogRoots.Found::path).toList());
        assertTrue(reasonFor(scan, root.resolve("flume/innocent.log")).startsWith("a hard link: the file has 2 names"),
                scan.toString());
    }

    @Test
    void aFileIsReadNoFurtherThanTheSizeItHadWhenScanned() throws IOException {
        Path log = root.resolve("flume/flume-client.log");
        LogRoots.Found found = roots.scan(log.toString()).files().get(0);

        Files.writeString(log, "appended after the scan\n", java.nio.file.StandardOpenOption.APPEND);

        try (var in = roots.open(found)) {
            assertEquals("inside the root\n", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void bundlesAreWrittenOwnerOnly() throws IOException {
        Path out = tmp.resolve("owner-only.tar.gz");
        new BundleBuilder(roots, settings(), Clock.systemUTC())
                .build(request(List.of(source(root + "/flume/*.log"))), out, tmp.resolve("work"), new BundleProgress());

        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(out)));
    }

    // ---------------------------------------------------------------- helpers

    private Manifest build(List<LogSource> sources) throws IOException {
        return new BundleBuilder(roots, settings(), Clock.systemUTC())
                .build(request(sources), tmp.resolve("out.tar.gz"), tmp.resolve("work"), new BundleProgress());
    }

    private static CollectSettings settings() {
        return EngineConfig.defaults().collect().withLogZone(ZoneOffset.UTC);
    }

    private static BundleRequest request(List<LogSource> sources) {
        return new BundleRequest(Map.of("alarmId", 24003), AT, Duration.ofHours(1), Duration.ofHours(1), sources,
                "test");
    }

    private static LogSource source(String glob) {
        return new LogSource("client", glob, "test", null);
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String reasonFor(LogRoots.Scan scan, Path path) {
        return scan.skipped().stream().filter(s -> s.path().equals(path.toString())).map(LogRoots.Skipped::reason)
                .findFirst().orElseThrow(() -> new AssertionError("nothing said about " + path + " in " + scan));
    }
}
