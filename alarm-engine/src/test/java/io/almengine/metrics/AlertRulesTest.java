package io.almengine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import io.almengine.testing.Needs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules for the engine itself ({@code ops/prometheus/}) load in Prometheus and
 * fire as documented: promtool checks them and runs their unit tests on sample series.
 */
class AlertRulesTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path FOLDER = EngineHarness.repoFolder("ops").resolve("prometheus");

    @Test
    void theShippedRulesPassPromtoolCheckRules() throws Exception {
        String said = promtool("check", "rules", "alm-engine.rules.yml");
        assertTrue(said.contains("SUCCESS: 8 rules found"), said);
    }

    @Test
    void pipelineDownLagGrowingReloadFailedDriftAndFailingNotificationsFireOnTheirSampleSeries() throws Exception {
        String said = promtool("test", "rules", "alm-engine.rules.test.yml");
        assertTrue(said.contains("SUCCESS"), said);
    }

    /** Runs promtool in the rules' folder; fails on a non-zero exit with what it said. */
    private static String promtool(String... args) throws Exception {
        Needs.tool(Files.isExecutable(PROMTOOL), "promtool (Debian package prometheus; .ci/run installs it)");
        var command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(FOLDER.toFile()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), said);
        return said;
    }
}
