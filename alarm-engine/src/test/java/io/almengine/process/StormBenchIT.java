package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --storm} runs end to end on a small storm: every client's alarm is raised once, and
 * the run ends with its figures as one JSON line. How late, how many messages and how fast the API
 * answered are for docs/performance.md, not for tests; only that they were measured is checked.
 */
class StormBenchIT {

    @TempDir
    Path dir;

    @Test
    void aSmallStormRaisesEveryClientOnceAndPrintsItsFiguresAsJsonOnItsLastLine() throws Exception {
        BenchRun run = BenchRun.storm(dir,
                "--storm", "2000", "--storm-ports", "4", "--raise-after", "PT2S", "--partitions", "2",
                // A warm-up as large as the storm would only double the test's time.
                "--storm-warm-up", "500");
        JsonNode figures = run.figures();
        assertEquals(2000, figures.get("stormClients").asInt());
        assertEquals(2000, figures.get("stormAlarmsRaised").asInt(), "every client's alarm was raised: " + figures);
        assertEquals(0, figures.get("stormMissingRaises").asInt(), figures.toString());
        assertEquals(0, figures.get("stormDuplicateRaises").asInt(), "none was raised twice: " + figures);
        assertEquals(4, figures.get("stormParentsPerPort").size(), "every server port is listed: " + figures);
        assertTrue(figures.get("stormNotifications").asInt() > 0, "the webhook received the storm: " + figures);
        assertTrue(figures.get("stormNotificationsWithinLimit").asBoolean(), "and no more than its limit: " + figures);
        assertEquals(2000, figures.get("stormAlarmsNamed").asInt() + figures.get("stormAlarmsUnderANamedParent").asInt(),
                "every alarm was told, in a message of its own or its parent's: " + figures);
        assertTrue(figures.get("stormApiRequests").asInt() > 0, "the API was asked during the storm: " + figures);
        assertTrue(run.out().contains("| stormRaiseLatenessP99Ms"), "the table comes first:\n" + run.out());
    }
}
