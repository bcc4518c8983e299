package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --fleet logtail} runs end to end on a few thousand Logtail agents: agents that only
 * heartbeat, some falling silent for longer than the threshold (ALM-24101 raised, then cleared by
 * the next heartbeat) and some for half of it (no alarm). Only that it works and that every
 * silence was judged right is checked; its figures are for the docs, not for tests. The bench's timed
 * restarts at the end do not depend on the fleet and are run (and their figures checked) by
 * {@link BenchIT}; here they are skipped, half a minute of the test's time.
 */
class LogtailBenchIT {

    @TempDir
    Path dir;

    @Test
    void aSmallLogtailFleetRaisesEverySilenceOnceAndNothingElse() throws Exception {
        BenchRun run = BenchRun.withoutRestarts(dir,
                // Heartbeats every 2 s against an 8 s threshold: a blip (4 s of silence) and a steady
                // agent stay clear of it even when a loaded machine makes the engine lag a few seconds.
                // The short warm-up keeps the engine from running on cold code while the fleet beats.
                "--fleet", "logtail", "--connections", "2000", "--backlog-events", "6000", "--warm-up-events", "20000",
                "--heartbeat-interval", "PT2S", "--raise-after", "PT8S", "--live", "PT18S", "--partitions", "2");
        JsonNode figures = run.figures();
        String log = run.log();
        assertEquals(2000, figures.get("connections").asInt());
        assertTrue(log.contains("fleet: LOGTAIL"), "the Logtail fleet was simulated:\n" + log);
        assertEquals(10, figures.get("alarmsTimed").asInt(), "every agent silent past the threshold raised: " + figures);
        assertEquals(10, figures.get("clearsTimed").asInt(), "and cleared by its next heartbeat: " + figures);
        run.assertEveryAlarmRight();
    }
}
