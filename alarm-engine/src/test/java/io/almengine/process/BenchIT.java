package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} still runs end to end on a small fleet and ends with the contract's JSON line.
 * Only that it works is checked here; its figures are for docs/performance.md, not for tests.
 */
class BenchIT {

    @TempDir
    Path dir;

    @Test
    void aSmallRunPrintsEveryContractFigureAsJsonOnItsLastLine() throws Exception {
        BenchRun run = BenchRun.of(dir,
                "--connections", "2000", "--backlog-events", "10000", "--warm-up-events", "0",
                "--heartbeat-interval", "PT4S", "--raise-after", "PT2S", "--live", "PT12S", "--partitions", "2");
        JsonNode figures = run.figures();
        assertEquals(2000, figures.get("connections").asInt());
        assertTrue(figures.get("alarmsTimed").asInt() > 0, "the live phase raised alarms: " + figures);
        run.assertEveryAlarmRight();
        assertTrue(run.out().contains("| engineEventsPerSec"), "the table comes first:\n" + run.out());
    }
}
