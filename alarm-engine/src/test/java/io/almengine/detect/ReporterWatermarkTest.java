package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a deadline is judged: a link whose events name a reporter once that reporter's watermark
 * has passed the deadline, however far the engine's clock has run; a link with no reporter, or a
 * silent one, once the engine's clock is the allowed lateness past it. ALM-24003 with its shipped
 * 3 minutes; the allowed lateness is 30 s here, so that "heard" and "silent" are far apart. On the
 * engine's topology; a restart and several partitions are in {@link ReporterWatermarkOnBrokerTest}.
 */
class ReporterWatermarkTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final Duration LATENESS = Duration.ofSeconds(30);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness().configure(c -> c.allowedLateness(LATENESS));

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

    @Test
    void aHeardReportersWatermarkHoldsTheRaiseUntilItReachesTheDeadlineExactly() {
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        Instant deadline = t.plus(WINDOW);
        harness.send(link.disconnected(t).withReporter(probe));

        long evaluated = harness.rulesEvaluated();
        heardUntil(probe, t, deadline.plus(LATENESS).plusSeconds(60), deadline.minusNanos(1));
        assertEquals(evaluated, harness.rulesEvaluated(), "the clock is long past, but the probe has not vouched"
                + " for the last nanosecond of the window: the deadline is not even looked at");
        assertEquals(List.of(), harness.alarmsOf(link));

        harness.sendWatermark(probe, deadline);
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        assertEquals(deadline, alarm.occurredAt(), "occurredAt stays disconnect + raiseAfter");
    }

    @Test
    void aWatermarkAheadOfTheEnginesClockRaisesAtOnce() {
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t).withReporter(probe));
        harness.sendWatermark(probe, t.plus(WINDOW));
        assertEquals(t.plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt(),
                "the probe's clock is its events' clock: the engine's lagging one does not matter");
    }

    @Test
    void aReconnectStillInTheReportersQueueIsNeverOvertakenByTheAlarmItCancels() {
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink reported = FlumeLink.fresh();
        FlumeLink unreported = FlumeLink.fresh();
        harness.send(reported.disconnected(t).withReporter(probe), unreported.disconnected(t));

        // The probe drains its queue after losing the engine for a while: its watermark lags the clock.
        Instant late = t.plus(WINDOW).plus(LATENESS).plusSeconds(10);
        heardUntil(probe, t, late, t.plusSeconds(150));
        assertTrue(harness.awaitAlarm(unreported, Alarm::active).active(),
                "without a reporter the engine's clock (less the allowed lateness) decides, and is fooled");

        harness.send(reported.connected(t.plusSeconds(175)).withReporter(probe),
                unreported.connected(t.plusSeconds(175)));
        harness.sendWatermark(probe, late.plusSeconds(5));
        harness.clockAt(late.plusSeconds(10));
        assertEquals("retracted", harness.awaitAlarm(unreported, a -> !a.active()).clearType().wireName());
        assertEquals(List.of(), harness.alarmsOf(reported), "a 2:55 outage is no alarm, not even a retracted one");
    }

    @Test
    void aSilentReporterFallsBackToTheClockPlusTheAllowedLateness() {
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        Instant deadline = t.plus(WINDOW);
        harness.send(link.disconnected(t).withReporter(probe));
        harness.clockAt(t.plusSeconds(60));
        harness.sendWatermark(probe, t.plusSeconds(60));   // then nothing: the probe died with its server

        long evaluated = harness.rulesEvaluated();
        harness.clockAt(deadline.plus(LATENESS).minusNanos(1));
        assertEquals(evaluated, harness.rulesEvaluated(), "one nanosecond short of the allowed lateness");
        harness.clockAt(deadline.plus(LATENESS));
        assertEquals(deadline, harness.awaitAlarm(link, Alarm::active).occurredAt());
    }

    @Test
    void aReporterIsSilentOnceItsLastWatermarkIsAsOldAsTheAllowedLateness() {
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t).withReporter(probe));
        Instant heard = t.plus(Duration.ofMinutes(10));
        long evaluated = harness.rulesEvaluated();
        heardUntil(probe, t, heard, t.plusSeconds(120));   // far behind the clock, but heard

        harness.clockAt(heard.plus(LATENESS).minusNanos(1));
        assertEquals(evaluated, harness.rulesEvaluated(), "heard a nanosecond less than the allowed lateness ago");
        harness.clockAt(heard.plus(LATENESS));
        assertEquals(t.plus(WINDOW), harness.awaitAlarm(link, Alarm::active).occurredAt(), "silent: the clock decides");
    }

    @Test
    void aLinkWithoutAReporterIsJudgedWhenTheClockIsTheAllowedLatenessPastItsDeadline() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        Instant deadline = t.plus(WINDOW);
        harness.send(link.disconnected(t));

        long evaluated = harness.rulesEvaluated();
        harness.clockAt(deadline.plus(LATENESS).minusNanos(1));
        assertEquals(evaluated, harness.rulesEvaluated(), "a reconnect may still be on its way");
        harness.clockAt(deadline.plus(LATENESS));
        assertEquals(deadline, harness.awaitAlarm(link, Alarm::active).occurredAt(), "dated by event time all the same");
    }

    @Test
    void eventsThatCameThroughTheRekeyTopicAreJudgedOnTheClockWhateverTheirReporterSays() throws Exception {
        // Keyed by host instead of by its connection id, the disconnect reaches its connection through
        // the rekey topic: a watermark read on the events topic may have overtaken it there, so it
        // vouches for none of them.
        Instant t = harness.freshHour();
        String probe = freshReporter();
        FlumeLink link = FlumeLink.fresh();
        harness.sendRaw("host-of-" + probe, Json.MAPPER.writeValueAsBytes(link.disconnected(t).withReporter(probe)));
        Instant deadline = t.plus(WINDOW);

        heardUntil(probe, t, deadline.plus(LATENESS), t.plusSeconds(20));   // heard, and behind
        assertEquals(deadline, harness.awaitAlarm(link.connectionId(), Alarm::active).occurredAt());
    }
}
