package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.testing.Bundles;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.LogFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code alarm-engine.jar collect} on a host where no engine runs, as an operator types it: the
 * definition's files under the log roots, cut to the window, into a .tar.gz with its manifest.
 * The shipped definitions are copied with their globs moved into a temporary folder.
 */
class CollectCommandIT {

    private static final Instant AT = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void collectsTheFlumeClientLogsAroundTheAlarmAndReportsWhatItLeftOut() throws Exception {
        Path root = tmp.resolve("host");
        Path clientLogs = root.resolve("var/log/Bigdata/flume-client");
        Path log = LogFiles.write(clientLogs.resolve("flume-client.log"), AT.plus(Duration.ofHours(3)),
                LogFiles.lines(LogFiles.log4j(ZoneOffset.UTC), AT.minus(Duration.ofHours(3)), AT.plus(Duration.ofHours(3)),
                        Duration.ofMinutes(5)));
        Path out = tmp.resolve("out/ALM-24003.tar.gz");

        EngineProcess.Result result = EngineProcess.runToExit("collect",
                "--definitions", Definitions.withLogGlobsUnder(root).toString(),
                "--definition", "ALM-24003", "--at", AT.toString(), "--out", out.toString(),
                "--log-roots", clientLogs.toString(), "--zone", "UTC");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("wrote " + out + ": ALM-24003 from 2026-11-20T07:00:00Z to "
                + "2026-11-20T09:00:00Z, 1 files"), result.output());
        assertTrue(result.output().contains("skipped " + root + "/var/log/Bigdata/flume/**: outside every log root"),
                "the Flume server's logs are not under the root: " + result.output());
        Bundles bundle = Bundles.read(out);
        assertEquals(LogFiles.lines(LogFiles.log4j(ZoneOffset.UTC), AT.minus(Duration.ofHours(1)),
                AT.plus(Duration.ofHours(1)), Duration.ofMinutes(5)), bundle.file(log).lines().toList());
        JsonNode manifest = bundle.manifest();
        assertEquals(24003, manifest.at("/alarm/alarmId").asInt());
        assertEquals(AT.toString(), manifest.at("/alarm/at").asText());
        assertTrue(manifest.get("createdBy").asText().startsWith("collect on "));
        assertEquals(List.of(), List.copyOf(listFiles(out.getParent()).stream()
                .filter(p -> !p.equals(out)).toList()), "no scratch files left next to the bundle");
    }

    @Test
    void collectsLogtailsFilesWholeAndItsLogInTheWindowGivenOnTheCommandLine() throws Exception {
        Path root = tmp.resolve("host");
        Path ilogtail = root.resolve("usr/local/ilogtail");
        String appInfo = "{\"hostname\":\"web-1\",\"ip\":\"10.0.0.8\"}\n";
        String config = "{\"config_server_address\":\"http://logtail.cn-hangzhou-intranet.log.aliyuncs.com\","
                + "\"access_key_secret\":\"never-in-a-bundle\"}\n";
        LogFiles.writeBytes(ilogtail.resolve("app_info.json"), AT.minus(Duration.ofDays(200)),
                appInfo.getBytes(StandardCharsets.UTF_8));
        LogFiles.writeBytes(ilogtail.resolve("ilogtail_config.json"), AT.minus(Duration.ofDays(200)),
                config.getBytes(StandardCharsets.UTF_8));
        Path log = LogFiles.write(ilogtail.resolve("ilogtail.LOG"), AT.plus(Duration.ofHours(1)), List.of(
                "[2026-11-20 07:00:00.000001]\t[INFO]\t[main] before the window",
                "[2026-11-20 07:45:00.000001]\t[WARN]\t[sender] send heartbeat fail",
                "[2026-11-20 08:10:00.000001]\t[INFO]\t[main] after the window"));
        Path out = tmp.resolve("logtail.tar.gz");

        EngineProcess.Result result = EngineProcess.runToExit("collect",
                "--definitions", Definitions.withLogGlobsUnder(root).toString(),
                "--definition", "24101", "--at", AT.toString(), "--before", "PT30M", "--after", "PT5M",
                "--out", out.toString(), "--log-roots", root.toString(), "--zone", "UTC");

        assertEquals(0, result.exitCode(), result.output());
        Bundles bundle = Bundles.read(out);
        assertEquals(appInfo, bundle.file(ilogtail.resolve("app_info.json")));
        String collectedConfig = bundle.file(ilogtail.resolve("ilogtail_config.json"));
        assertTrue(collectedConfig.contains("logtail.cn-hangzhou-intranet.log.aliyuncs.com"), collectedConfig);
        assertFalse(collectedConfig.contains("never-in-a-bundle"), collectedConfig);
        assertEquals(List.of("[2026-11-20 07:45:00.000001]\t[WARN]\t[sender] send heartbeat fail"),
                bundle.file(log).lines().toList());
        assertEquals("PT30M", bundle.manifest().at("/window/before").asText());
    }

    @Test
    void anUnknownAlarmTypeIsRefusedWithTheKnownOnes() throws Exception {
        EngineProcess.Result result = EngineProcess.runToExit("collect", "--definition", "ALM-99999",
                "--at", AT.toString(), "--out", tmp.resolve("x.tar.gz").toString());

        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("no alarm definition ALM-99999"), result.output());
        assertTrue(result.output().contains("ALM-24003, ALM-24101, ALM-24102, ALM-24900, ALM-24901, ALM-24902, ALM-24903"), result.output());
        assertFalse(Files.exists(tmp.resolve("x.tar.gz")));
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
