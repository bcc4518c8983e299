package io.almengine.silence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A weekly maintenance window: on each of {@code days}, from {@code start} local time in
 * {@code zone}, for {@code duration} of real time (so a window across a daylight-saving change
 * lasts as long as any other). A window may run past midnight into the next day. A start that falls
 * into a spring-forward gap begins at the first valid time after it, as {@link ZonedDateTime} does.
 */
public record Schedule(List<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone) {

    static final Duration LONGEST = Duration.ofDays(7);

    public Schedule {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("schedule.days: at least one day (MON … SUN)");
        }
        days = List.copyOf(new java.util.TreeSet<>(days));
        if (start == null) {
            throw new IllegalArgumentException("schedule.start: a local time such as 02:00");
        }
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("schedule.duration: longer than zero, at most P7D");
        }
        if (zone == null) {
            throw new IllegalArgumentException("schedule.zone: a time zone such as Asia/Shanghai");
        }
    }

    /** The window that holds {@code at}, as [start, end), if any. */
    public Optional<Window> windowAt(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        // A window that began up to its duration (plus a day for the time of day) ago may still run.
        for (LocalDate day = today.minusDays(duration.toDays() + 1); !day.isAfter(today); day = day.plusDays(1)) {
            if (days.contains(day.getDayOfWeek())) {
                Instant from = ZonedDateTime.of(day, start, zone).toInstant();
                Instant to = from.plus(duration);
                if (!at.isBefore(from) && at.isBefore(to)) {
                    return Optional.of(new Window(from, to));
                }
            }
        }
        return Optional.empty();
    }

    /** The start of the first window that begins after {@code at}. */
    public Instant nextStartAfter(Instant at) {
        LocalDate day = at.atZone(zone).toLocalDate();
        for (int i = 0; i <= 8; i++, day = day.plusDays(1)) {
            if (days.contains(day.getDayOfWeek())) {
                Instant from = ZonedDateTime.of(day, start, zone).toInstant();
                if (from.isAfter(at)) {
                    return from;
                }
            }
        }
        throw new IllegalStateException("a weekly schedule always starts within eight days");
    }

    public String describe() {
        return String.join(",", days.stream().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ROOT)).toList())
                + " " + start + " +" + duration + " " + zone;
    }

    /** One occurrence of the window. */
    public record Window(Instant from, Instant to) {
    }
}
