package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reporter watermarks where a whole engine on a real broker is the point: they survive a restart
 * of the engine, and a probe's watermark sent to every partition of the events topic is neither
 * re-keyed nor dead-lettered by any. The rest is in {@link ReporterWatermarkTest}, on the topology alone.
 */
class ReporterWatermarkOnBrokerTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final Duration LATENESS = Duration.ofSeconds(30);

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness().configure(c -> c.allowedLateness(LATENESS));

    @Test
    void aRestartStillKnowsHowFarEachReporterGot() {
        // A probe whose clock runs a minute behind the engine's: by the clock less the allowed
        // lateness its outage would be due long before the probe has vouched for its window.
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        Instant deadline = t.plus(WINDOW);
        harness.send(link.disconnected(t).withReporter(probe));
        Instant stop = deadline.plusSeconds(59);
        heardUntil(probe, t, stop, deadline.minusSeconds(1));

        harness.stopEngine();
        harness.start();
        long evaluated = harness.rulesEvaluated();
        harness.clockAt(stop);
        assertEquals(evaluated, harness.rulesEvaluated(), "the watermark and when it came survive the restart");
        assertEquals(List.of(), harness.alarmsOf(link));
        harness.sendWatermark(probe, deadline);
        assertEquals(deadline, harness.awaitAlarm(link, Alarm::active).occurredAt());
    }

    @Test
    void watermarksOnEveryPartitionAreNeitherReKeyedNorDeadLettered() {
        String probe = freshReporter();
        harness.sendWatermark(probe, harness.freshHour());
        assertEquals(List.of(), harness.readRecords(harness.topics.rekeyedEvents()).stream()
                .filter(r -> probe.equals(r.key())).toList());
        assertEquals(List.of(), harness.readRecords(harness.topics.deadLetters()).stream()
                .filter(r -> probe.equals(r.key())).toList());
    }

    private static int reporters;

    /** A reporter no other test uses. */
    private static synchronized String freshReporter() {
        return "probe:test-" + ++reporters;
    }

    /**
     * Moves the clock from {@code from} to {@code to} in steps of half the allowed lateness, with
     * the reporter heard at every step (a watermark at {@code watermark}), as a live probe is.
     */
    private static void heardUntil(String reporter, Instant from, Instant to, Instant watermark) {
        for (Instant c = from; c.isBefore(to); c = c.plus(LATENESS.dividedBy(2))) {
            harness.clockAt(c);
            harness.sendWatermark(reporter, watermark);
        }
        harness.clockAt(to);
        harness.sendWatermark(reporter, watermark);
    }
}
