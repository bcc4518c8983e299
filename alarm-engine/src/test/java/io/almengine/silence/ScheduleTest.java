package io.almengine.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Schedule weekly(DayOfWeek day, String start, String duration, ZoneId zone) {
        return new Schedule(List.of(day), LocalTime.parse(start), Duration.parse(duration), zone);
    }

    private static boolean inWindow(Schedule schedule, String instant) {
        return schedule.windowAt(Instant.parse(instant)).isPresent();
    }

    @Test
    void aWindowStartsAtItsLocalTimeInclusiveAndEndsExclusive() {
        // Sunday 02:00–04:00 in Shanghai is Saturday 18:00–20:00 UTC.
        Schedule sunday = weekly(DayOfWeek.SUNDAY, "02:00", "PT2H", SHANGHAI);
        assertFalse(inWindow(sunday, "2026-12-05T17:59:59.999Z"));
        assertTrue(inWindow(sunday, "2026-12-05T18:00:00Z"));
        assertTrue(inWindow(sunday, "2026-12-05T19:59:59.999Z"));
        assertFalse(inWindow(sunday, "2026-12-05T20:00:00Z"));
        // Not on other days of the week.
        assertFalse(inWindow(sunday, "2026-12-06T18:30:00Z"));
    }

    @Test
    void aWindowRunsPastMidnightIntoTheNextDay() {
        Schedule saturdayNight = weekly(DayOfWeek.SATURDAY, "23:00", "PT3H", SHANGHAI);
        // Saturday 23:00 Shanghai = 15:00 UTC; the window ends Sunday 02:00 Shanghai = 18:00 UTC.
        assertTrue(inWindow(saturdayNight, "2026-12-05T16:30:00Z"), "Sunday 00:30 local, after midnight");
        assertTrue(inWindow(saturdayNight, "2026-12-05T17:59:00Z"));
        assertFalse(inWindow(saturdayNight, "2026-12-05T18:00:00Z"));
    }

    @Test
    void aWindowAcrossTheSpringForwardLastsItsDurationOfRealTime() {
        // Berlin springs forward on Sunday 2026-03-29 at 02:00 → 03:00 (UTC+1 → UTC+2).
        Schedule night = weekly(DayOfWeek.SUNDAY, "01:00", "PT2H", BERLIN);
        // 01:00 local = 00:00 UTC; two hours of real time end at 02:00 UTC (04:00 local by then).
        assertTrue(inWindow(night, "2026-03-29T00:00:00Z"));
        assertTrue(inWindow(night, "2026-03-29T01:59:59Z"));
        assertFalse(inWindow(night, "2026-03-29T02:00:00Z"));
    }

    @Test
    void aStartInsideTheSpringForwardGapBeginsWhenTheClockResumes() {
        Schedule gap = weekly(DayOfWeek.SUNDAY, "02:30", "PT1H", BERLIN);
        // 02:30 does not exist that night; the window begins at 03:30 local (01:30 UTC).
        assertFalse(inWindow(gap, "2026-03-29T01:29:59Z"));
        assertTrue(inWindow(gap, "2026-03-29T01:30:00Z"));
        assertFalse(inWindow(gap, "2026-03-29T02:30:00Z"));
    }

    @Test
    void aWindowOnTheFallBackNightStartsAtTheFirstOfTheTwoLocalTimes() {
        // Berlin falls back on Sunday 2026-10-25 at 03:00 → 02:00; 02:30 happens twice.
        Schedule night = weekly(DayOfWeek.SUNDAY, "02:30", "PT1H", BERLIN);
        assertTrue(inWindow(night, "2026-10-25T00:30:00Z"), "the first 02:30 (UTC+2)");
        assertTrue(inWindow(night, "2026-10-25T01:29:59Z"));
        assertFalse(inWindow(night, "2026-10-25T01:30:00Z"), "one hour of real time, not until the second 03:30");
    }

    @Test
    void theNextWindowIsTheFirstStartAfterAnInstant() {
        Schedule sunday = weekly(DayOfWeek.SUNDAY, "02:00", "PT2H", SHANGHAI);
        assertEquals(Instant.parse("2026-12-05T18:00:00Z"), sunday.nextStartAfter(Instant.parse("2026-12-01T00:00:00Z")));
        assertEquals(Instant.parse("2026-12-12T18:00:00Z"), sunday.nextStartAfter(Instant.parse("2026-12-05T18:00:00Z")));
    }

    @Test
    void aScheduleNeedsDaysAndAPositiveDurationOfAtMostAWeek() {
        assertThrows(IllegalArgumentException.class,
                () -> new Schedule(List.of(), LocalTime.NOON, Duration.ofHours(1), SHANGHAI));
        assertThrows(IllegalArgumentException.class,
                () -> new Schedule(List.of(DayOfWeek.MONDAY), LocalTime.NOON, Duration.ZERO, SHANGHAI));
        assertThrows(IllegalArgumentException.class,
                () -> new Schedule(List.of(DayOfWeek.MONDAY), LocalTime.NOON, Duration.ofDays(8), SHANGHAI));
    }
}
