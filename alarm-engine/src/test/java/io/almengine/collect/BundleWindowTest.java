package io.almengine.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.engine.EngineConfig;
import io.almengine.testing.Bundles;
import io.almengine.testing.LogFiles;
import io.almengine.testing.LogFiles.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bundles cut to the window, on real files with real timestamps and real mtimes: the alarm at
 * 08:00Z, ±1 hour. Log hosts are in Shanghai (+08:00), so a line stamped 16:00 without offset is
 * 08:00Z; td-agent lines carry their own offset (Tokyo here), which wins over the setting.
 */
class BundleWindowTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant FROM = AT.minus(Duration.ofHours(1));
    private static final Instant TO = AT.plus(Duration.ofHours(1));
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path tmp;

    static Stream<Format> formats() {
        return Stream.of(LogFiles.log4j(SHANGHAI), LogFiles.flume(SHANGHAI), LogFiles.tdAgent(ZoneId.of("Asia/Tokyo")),
                LogFiles.syslog(SHANGHAI));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void linesOfEveryKnownFormatAreCutToTheWindow(Format format) throws IOException {
        Path log = root().resolve("app/" + format.name() + ".log");
        List<String> lines = LogFiles.lines(format, AT.minus(Duration.ofMinutes(150)), AT.plus(Duration.ofMinutes(150)),
                Duration.ofMinutes(15));
        LogFiles.write(log, AT.plus(Duration.ofMinutes(150)), lines);

        Result r = build(source(root() + "/app/*.log"));

        List<String> expected = LogFiles.lines(format, FROM, TO, Duration.ofMinutes(15));
        assertEquals(expected, r.bundle.file(log).lines().toList());
        JsonNode entry = r.entry(log);
        assertEquals(format.name(), entry.get("format").asText());
        assertEquals(9, entry.get("linesKept").asInt());
        assertEquals(6, entry.get("linesCutBefore").asInt());
        assertEquals(6, entry.get("linesCutAfter").asInt());
        assertTrue(entry.get("cut").asText().contains("cut 6 lines before and 6 after the window"), entry.toString());
    }

    @Test
    void aStackTraceStaysWithTheLineItBelongsTo() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        Path log = LogFiles.write(root().resolve("flume/flume.log"), TO, List.of(
                log4j.line(FROM.minusSeconds(1), "ERROR too early"),
                "java.io.IOException: early trace",
                "\tat org.apache.flume.Early.run(Early.java:1)",
                log4j.line(AT, "ERROR Failed to send events"),
                "org.apache.flume.EventDeliveryException: Failed to send events",
                "\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:389)",
                log4j.line(TO.plusSeconds(1), "INFO too late")));

        Result r = build(source(log.toString()));

        assertEquals(List.of(log4j.line(AT, "ERROR Failed to send events"),
                "org.apache.flume.EventDeliveryException: Failed to send events",
                "\tat org.apache.flume.sink.AbstractRpcSink.process(AbstractRpcSink.java:389)"),
                r.bundle.file(log).lines().toList());
        assertEquals(3, r.entry(log).get("linesCutBefore").asInt());
        assertEquals(1, r.entry(log).get("linesCutAfter").asInt());
    }

    @Test
    void aFileLastModifiedBeforeTheWindowIsSkippedWithItsReason() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        Path old = LogFiles.write(root().resolve("flume/flume.log.1"), FROM.minusSeconds(60),
                List.of(log4j.line(FROM.minus(Duration.ofHours(5)), "INFO yesterday")));
        Path current = LogFiles.write(root().resolve("flume/flume.log"), TO, List.of(log4j.line(AT, "INFO now")));

        Result r = build(source(root() + "/flume/*"));

        assertEquals(List.of(current.toString()), r.paths());
        JsonNode skip = r.skipped(old);
        assertTrue(skip.get("reason").asText().startsWith("last modified " + FROM.minusSeconds(60)
                + ", before the window starts (" + FROM + ")"), skip.toString());
    }

    @Test
    void aConfigurationFileTheEscalationNeedsIsKeptWholeWhateverItsAge() throws IOException {
        String appInfo = "{\n  \"hostname\" : \"web-1\",\n  \"ip\" : \"10.0.0.8\",\n  \"UUID\" : \"8F6C\"\n}\n";
        Path file = LogFiles.writeBytes(root().resolve("ilogtail/app_info.json"), AT.minus(Duration.ofDays(90)),
                appInfo.getBytes(StandardCharsets.UTF_8));

        Result r = build(new LogSource("client", file.toString(), "app_info.json", true));

        assertEquals(appInfo, r.bundle.file(file));
        assertTrue(r.entry(file).get("cut").asText().startsWith("kept whole"), r.entry(file).toString());
    }

    @Test
    void aFileWithoutKnownTimestampsIsKeptWholeAndSaysWhy() throws IOException {
        Path file = LogFiles.write(root().resolve("app/out.log"), AT, List.of("starting", "listening on 24224", "ok"));

        Result r = build(source(file.toString()));

        assertEquals("starting\nlistening on 24224\nok\n", r.bundle.file(file));
        assertNull(r.entry(file).get("format").textValue());
        assertEquals("kept whole: no known timestamp format in its first lines", r.entry(file).get("cut").asText());
    }

    @Test
    void secretsAreMaskedAndCounted() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        Path log = LogFiles.write(root().resolve("app/secrets.log"), AT, List.of(
                log4j.line(AT, "INFO connecting with password=hunter2 to db"),
                log4j.line(AT, "INFO AccessKeyId: LTAI5tQm3rExampleKey12 AccessKeySecret: s3cr3tValue"),
                log4j.line(AT, "DEBUG {\"access_key_secret\":\"abcDEF123\",\"token\":\"tok-987\"}"),
                log4j.line(AT, "DEBUG Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"),
                log4j.line(AT, "INFO nothing secret here: 24224 listening")));
        Path conf = LogFiles.write(root().resolve("td-agent/td-agent.conf"), AT, List.of(
                "<security>", "  shared_key fluentd-shared-secret", "</security>"));

        Result r = build(source(log.toString()), new LogSource("client", conf.toString(), "conf", true));

        String text = r.bundle.allText();
        for (String secret : List.of("hunter2", "LTAI5tQm3rExampleKey12", "s3cr3tValue", "abcDEF123", "tok-987",
                "eyJhbGciOiJIUzI1NiJ9", "fluentd-shared-secret")) {
            assertFalse(text.contains(secret), secret + " is in the bundle");
        }
        assertTrue(r.bundle.file(log).contains("password=****** to db"), r.bundle.file(log));
        assertTrue(r.bundle.file(log).contains("nothing secret here: 24224 listening"));
        assertEquals(6, r.entry(log).get("secretsMasked").asInt());
        assertEquals("  shared_key ******", r.bundle.file(conf).lines().toList().get(1));
    }

    @Test
    void theSizeCapTruncatesThenLeavesOutAndTheManifestSaysSo() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        List<String> lines = LogFiles.lines(log4j, FROM, TO, Duration.ofSeconds(10));
        Path a = LogFiles.write(root().resolve("app/a.log"), TO, lines);
        Path b = LogFiles.write(root().resolve("app/b.log"), TO, lines);
        long cap = Files.size(a) / 2;

        Result r = build(EngineConfig.defaults().collect().withLogZone(SHANGHAI).withMaxBundleBytes(cap),
                source(root() + "/app/*.log"));

        assertTrue(r.manifest.get("truncated").asBoolean());
        assertEquals(cap, r.manifest.get("maxBytes").asLong());
        JsonNode first = r.entry(a);
        assertTrue(first.get("truncated").asBoolean());
        assertTrue(first.get("size").asLong() <= cap && first.get("size").asLong() > cap - 100, first.toString());
        assertTrue(r.bundle.file(a).endsWith("\n"), "cut at a line boundary");
        assertTrue(r.skipped(b).get("reason").asText().contains("size cap of " + cap + " bytes was reached"));
    }

    @Test
    void theManifestIsFirstAndHoldsTheAlarmTheWindowAndEveryFilesSizeAndSha256() throws Exception {
        Format log4j = LogFiles.log4j(SHANGHAI);
        Path a = LogFiles.write(root().resolve("app/a.log"), TO, LogFiles.lines(log4j, FROM, TO, Duration.ofMinutes(1)));
        Path b = LogFiles.write(root().resolve("app/sub/b.log"), TO, LogFiles.lines(log4j, AT, TO, Duration.ofMinutes(5)));

        Result r = build(source(root() + "/app/**"));

        assertEquals("manifest.json", r.bundle.entries().keySet().iterator().next());
        assertEquals(24003, r.manifest.at("/alarm/alarmId").asInt());
        assertEquals(FROM.toString(), r.manifest.at("/window/from").asText());
        assertEquals(TO.toString(), r.manifest.at("/window/to").asText());
        assertEquals("Asia/Shanghai", r.manifest.at("/window/zoneOfLocalTimestamps").asText());
        assertEquals(List.of(a.toString(), b.toString()), r.paths());
        for (Path p : List.of(a, b)) {
            byte[] content = r.bundle.entries().get("files" + p);
            JsonNode entry = r.entry(p);
            assertEquals(content.length, entry.get("size").asLong());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                    entry.get("sha256").asText());
            assertEquals(Files.size(p), entry.get("originalSize").asLong());
            assertEquals("files" + p, entry.get("archivePath").asText());
        }
    }

    @Test
    void compressedAndBinaryFilesAreLeftOutBecauseTheyCanBeNeitherCutNorMasked() throws IOException {
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write("2026-11-20 16:00:00,000 password=hunter2\n".getBytes(StandardCharsets.UTF_8));
        }
        Path rotated = LogFiles.writeBytes(root().resolve("app/old.log.gz"), AT, gz.toByteArray());

        Result r = build(source(root() + "/app/*"));

        assertEquals(List.of(), r.paths());
        assertTrue(r.skipped(rotated).get("reason").asText().startsWith("binary or compressed"));
    }

    @Test
    void bytesOfAnyEncodingComeOutExactlyAsTheyWentIn() throws IOException {
        String line = "2026-11-20 16:00:00,000 | WARN | 客户端连接中断 192.168.10.21\n";
        byte[] gbk = line.getBytes(Charset.forName("GBK"));
        byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
        Path a = LogFiles.writeBytes(root().resolve("app/gbk.log"), AT, gbk);
        Path b = LogFiles.writeBytes(root().resolve("app/utf8.log"), AT, utf8);

        Result r = build(source(root() + "/app/*.log"));

        assertArrayEquals(gbk, r.bundle.entries().get("files" + a));
        assertArrayEquals(utf8, r.bundle.entries().get("files" + b));
    }

    @Test
    void progressCountsEveryFileAndByte() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        Path a = LogFiles.write(root().resolve("app/a.log"), TO, LogFiles.lines(log4j, FROM.minus(Duration.ofHours(2)),
                TO, Duration.ofMinutes(1)));
        Path b = LogFiles.write(root().resolve("app/b.log"), TO, List.of(log4j.line(AT, "one line")));
        var progress = new BundleProgress();

        new BundleBuilder(LogRoots.of(List.of(root())), settings(), Clock.systemUTC())
                .build(request(List.of(source(root() + "/app/*.log"))), tmp.resolve("p.tar.gz"), tmp.resolve("work"),
                        progress);

        assertEquals(new BundleProgress.Snapshot(2, 2, Files.size(a) + Files.size(b), Files.size(a) + Files.size(b)),
                progress.snapshot());
    }

    @Test
    void aSparseFileIsReadNoFurtherThanItsLogLines() throws Exception {
        Format log4j = LogFiles.log4j(SHANGHAI);
        List<String> lines = LogFiles.lines(log4j, FROM, AT, Duration.ofSeconds(10));
        Path log = LogFiles.write(root().resolve("app/sparse.log"), TO, lines);
        long text = Files.size(log);
        try (var file = new java.io.RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024); // a 2 GiB hole: NUL bytes that take no disk
        }
        Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.from(TO));

        Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> build(source(log.toString())));

        JsonNode entry = r.entry(log);
        assertEquals(lines, r.bundle.file(log).lines().toList());
        assertEquals(2L * 1024 * 1024 * 1024, entry.get("originalSize").asLong());
        assertTrue(entry.get("bytesRead").asLong() <= text + FileCutter.MAX_LINE, entry.toString());
        assertTrue(entry.get("cut").asText().contains("stopped reading at byte " + text + " of " + (2L * 1024 * 1024 * 1024)
                + ": NUL bytes from there on (a sparse hole or binary data)"), entry.toString());
    }

    @Test
    void readingStopsSoonAfterTheLinesPassTheWindow() throws IOException {
        Format log4j = LogFiles.log4j(SHANGHAI);
        List<String> lines = LogFiles.lines(log4j, FROM, AT.plus(Duration.ofHours(48)), Duration.ofSeconds(1));
        Path log = LogFiles.write(root().resolve("app/long.log"), AT.plus(Duration.ofHours(48)), lines);

        Result r = build(source(log.toString()));

        JsonNode entry = r.entry(log);
        assertEquals(LogFiles.lines(log4j, FROM, TO, Duration.ofSeconds(1)), r.bundle.file(log).lines().toList());
        long read = entry.get("bytesRead").asLong();
        assertTrue(read < Files.size(log) / 10, read + " of " + Files.size(log) + " bytes read: " + entry);
        assertTrue(entry.get("cut").asText().contains("stopped reading at byte " + read + " of " + Files.size(log)
                + ": the lines are past the window"), entry.toString());
    }

    @Test
    void aFileAppendedToWhileBundlingIsReadOnlyUpToItsSizeAtTheScan() throws Exception {
        Format log4j = LogFiles.log4j(SHANGHAI);
        // Read first, long enough to take a while: the growing file is appended to meanwhile.
        LogFiles.write(root().resolve("app/a.log"), TO, LogFiles.lines(log4j, FROM, TO, Duration.ofMillis(200)));
        Path growing = LogFiles.write(root().resolve("app/b.log"), TO, LogFiles.lines(log4j, FROM, AT, Duration.ofMinutes(1)));
        long scanned = Files.size(growing);
        var progress = new BundleProgress();
        var appended = new java.util.concurrent.CountDownLatch(1);
        Thread writer = new Thread(() -> {
            while (progress.snapshot().filesTotal() == 0) {
                Thread.onSpinWait(); // the scan is over once the totals are known
            }
            try {
                Files.writeString(growing, log4j.line(AT, "APPENDED WHILE BUNDLING") + "\n",
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            appended.countDown();
        });
        writer.start();

        Path out = tmp.resolve("growing.tar.gz");
        new BundleBuilder(LogRoots.of(List.of(root())), settings(), Clock.systemUTC())
                .build(request(List.of(source(root() + "/app/*.log"))), out, tmp.resolve("work"), progress);
        writer.join();

        assertEquals(0, appended.getCount(), "the writer appended");
        Result r = new Result(Bundles.read(out), Bundles.read(out).manifest());
        assertFalse(r.bundle.file(growing).contains("APPENDED WHILE BUNDLING"), "read past the size at the scan");
        assertEquals(scanned, r.entry(growing).get("originalSize").asLong());
        assertEquals(scanned, r.entry(growing).get("bytesRead").asLong());
    }

    // ---------------------------------------------------------------- helpers

    private Path root() {
        try {
            return Files.createDirectories(tmp.resolve("logs"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CollectSettings settings() {
        return EngineConfig.defaults().collect().withLogZone(SHANGHAI);
    }

    private Result build(LogSource... sources) throws IOException {
        return build(settings(), sources);
    }

    private Result build(CollectSettings settings, LogSource... sources) throws IOException {
        Path out = tmp.resolve("bundle-" + System.nanoTime() + ".tar.gz");
        new BundleBuilder(LogRoots.of(List.of(root())), settings, Clock.systemUTC())
                .build(request(List.of(sources)), out, tmp.resolve("work"), new BundleProgress());
        Bundles bundle = Bundles.read(out);
        return new Result(bundle, bundle.manifest());
    }

    private static BundleRequest request(List<LogSource> sources) {
        return new BundleRequest(Map.of("alarmId", 24003, "code", "ALM-24003"), AT, Duration.ofHours(1),
                Duration.ofHours(1), sources, "test");
    }

    private static LogSource source(String glob) {
        return new LogSource("client", glob, "test logs", null);
    }

    private record Result(Bundles bundle, JsonNode manifest) {

        JsonNode entry(Path path) {
            for (JsonNode f : manifest.get("files")) {
                if (f.get("path").asText().equals(path.toString())) {
                    return f;
                }
            }
            throw new AssertionError("no manifest entry for " + path + ": " + manifest.get("files"));
        }

        JsonNode skipped(Path path) {
            for (JsonNode s : manifest.get("skipped")) {
                if (path.toString().equals(s.path("path").asText())) {
                    return s;
                }
            }
            throw new AssertionError("nothing skipped at " + path + ": " + manifest.get("skipped"));
        }

        List<String> paths() {
            var out = new ArrayList<String>();
            manifest.get("files").forEach(f -> out.add(f.get("path").asText()));
            return out;
        }
    }
}
