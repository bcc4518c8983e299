package io.almengine.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition.PhiModel;
import io.almengine.model.Severity;
import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped heartbeat alarm types (ALM-24101 Logtail, ALM-24102 Fluentd) carry the seeds'
 * numbers as data, and the blocks that size detection's heartbeat history are validated like
 * every other field: file, line, field, rule.
 */
class HeartbeatDefinitionTest {

    private static final Path SHIPPED = EngineHarness.repoFolder("alarm-definitions");
    private static final Path RUNBOOKS = EngineHarness.repoFolder("runbooks");

    @TempDir
    Path tmp;

    @Test
    void logtailCarriesTheTwoStagesOfTheBestPractice() {
        AlarmDefinition def = DefinitionCatalog.load(SHIPPED, RUNBOOKS).byId(24101).orElseThrow();
        assertEquals("logtail", def.component());
        assertEquals(Duration.ofMinutes(10), def.raiseAfter(), "suspect: lastHeartbeatTime older than 10 minutes");
        assertEquals(Duration.ofMinutes(10), def.durationSetting("reportWindow"));
        assertEquals(8, def.intSetting("minReports"), "confirmed: fewer than 8 status logs in 10 minutes");
        assertTrue(def.heartbeats().reportTimes() >= def.intSetting("minReports"));
        assertEquals(List.of(), def.requiredEventFields(), "an agent heartbeat has no server port");
        assertTrue(def.parameters().stream().map(AlarmDefinition.Parameter::name).toList()
                .containsAll(List.of("machineGroup", "clientIp", "endpoint")));
    }

    @Test
    void fluentdCarriesOutForwardsDetector() {
        AlarmDefinition def = DefinitionCatalog.load(SHIPPED, RUNBOOKS).byId(24102).orElseThrow();
        assertEquals("fluentd", def.component());
        assertEquals(16.0, def.numberSetting("phiThreshold"), "phi_threshold 16");
        assertEquals(Duration.ofSeconds(60), def.raiseAfter(), "hard_timeout 60s");
        assertEquals(1000, def.heartbeats().intervals().window(), "1000 samples");
        assertEquals(PhiModel.EXPONENTIAL, def.heartbeats().intervals().model());
        assertEquals(Severity.MAJOR, def.severity(), "no aggregator reachable; the rule lowers it with a standby");
        assertTrue(def.groupsPeers());
    }

    @Test
    void aMinimumOfReportsBeyondWhatIsKeptIsRefused() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24101.yaml")).replace("reportTimes: 8", "reportTimes: 5");
        InvalidDefinitionsException e = loadFails("ALM-24101.yaml", text);
        assertTrue(e.getMessage().contains("ALM-24101.yaml:" + lineOf(text, "heartbeats:") + ": heartbeats: settings.minReports"),
                e.getMessage());
    }

    @Test
    void anUnknownPhiModelNamesTheKnownOnes() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24102.yaml")).replace("model: exponential", "model: weibull");
        InvalidDefinitionsException e = loadFails("ALM-24102.yaml", text);
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals("heartbeats.intervals.model", e.errors().get(0).field());
        assertEquals(lineOf(text, "    model:"), e.errors().get(0).line());
        assertTrue(e.errors().get(0).message().contains("exponential, normal"), e.getMessage());
    }

    @Test
    void aZeroExpectedIntervalAndAnUnknownPeerGroupingAreRefused() throws IOException {
        String text = Files.readString(SHIPPED.resolve("ALM-24102.yaml")).replace("expected: PT1S", "expected: PT0S")
                .replace("peers: client", "peers: everyone");
        InvalidDefinitionsException e = loadFails("ALM-24102.yaml", text);
        List<String> fields = e.errors().stream().map(DefinitionError::field).toList();
        assertEquals(List.of("peers", "heartbeats.intervals"), fields, e.getMessage());
    }

    private InvalidDefinitionsException loadFails(String file, String text) throws IOException {
        Path folder = Files.createTempDirectory(tmp, "defs");
        Files.writeString(folder.resolve(file), text);
        return assertThrows(InvalidDefinitionsException.class, () -> DefinitionCatalog.load(folder, RUNBOOKS));
    }

    private static int lineOf(String text, String prefix) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with " + prefix);
    }
}
