package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.notify.SampleNotices;
import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import io.almengine.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When re-reports and heartbeats fall due, on a clock the test moves to each boundary. */
class PeriodicReportTest {

    private static final Instant START = Instant.parse("2026-12-04T14:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final List<Notice> active = new ArrayList<>();

    @Test
    void reReportsEveryUnclearedAlarmOnceAnIntervalHasPassedAndNotANanosecondBefore() {
        PeriodicReport.Schedule schedule = new PeriodicReport(Duration.ofMinutes(5), null).start(clock, () -> List.copyOf(active));
        active.add(SampleNotices.flumeClient(1, "10.0.0.1", false));
        active.add(SampleNotices.flumeClient(2, "10.0.0.2", true));

        clock.set(START.plus(Duration.ofMinutes(5)).minusNanos(1));
        assertTrue(schedule.due().nothing(), "one nanosecond early");

        clock.set(START.plus(Duration.ofMinutes(5)));
        PeriodicReport.Due due = schedule.due();
        assertEquals(List.of("1"), due.reReport().stream().map(n -> n.labels().get("serialNo")).toList(),
                "the uncleared alarm only");
        assertFalse(due.heartbeat(), "heartbeats are off");
        assertTrue(schedule.due().nothing(), "each interval is reported once");
        Notification message = due.reReportNotification("nms", SampleNotices.EXTERNAL_URL);
        assertEquals(Notification.Status.FIRING, message.status());
        assertEquals(due.reReport(), message.alerts());

        clock.set(START.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertTrue(schedule.due().nothing());
        clock.set(START.plus(Duration.ofMinutes(10)));
        assertEquals(1, schedule.due().reReport().size());
    }

    @Test
    void heartbeatFallsDueOnItsOwnIntervalEvenWithoutAlarms() {
        PeriodicReport.Schedule schedule = new PeriodicReport(Duration.ofMinutes(30), Duration.ofMinutes(1))
                .start(clock, () -> List.copyOf(active));

        assertEquals(START.plus(Duration.ofMinutes(1)), schedule.next());
        clock.set(START.plusSeconds(59));
        assertFalse(schedule.due().heartbeat());
        clock.set(START.plusSeconds(60));
        assertTrue(schedule.due().heartbeat());
        assertFalse(schedule.due().heartbeat(), "once per interval");
        assertEquals(START.plusSeconds(120), schedule.next());
        clock.set(START.plusSeconds(120));
        PeriodicReport.Due due = schedule.due();
        assertTrue(due.heartbeat());
        assertTrue(due.reReport().isEmpty(), "re-report not due before 30 minutes, and nothing is active");
    }

    @Test
    void aLateCheckSendsOnceAndStaysOnTheGrid() {
        PeriodicReport.Schedule schedule = new PeriodicReport(null, Duration.ofMinutes(1)).start(clock, List::of);

        clock.set(START.plus(Duration.ofMinutes(3)).plusSeconds(30));
        assertTrue(schedule.due().heartbeat());
        assertFalse(schedule.due().heartbeat(), "three missed heartbeats make one, not a burst");
        assertEquals(START.plus(Duration.ofMinutes(4)), schedule.next(), "the next one keeps the start's grid");
    }

    @Test
    void offByDefaultIsNeverDue() {
        PeriodicReport.Schedule schedule = PeriodicReport.OFF.start(clock, () -> List.copyOf(active));
        active.add(SampleNotices.flumeClient(1, "10.0.0.1", false));

        clock.set(START.plus(Duration.ofDays(3)));

        assertTrue(schedule.due().nothing());
        assertNull(schedule.next());
        assertTrue(PeriodicReport.OFF.off());
    }
}
