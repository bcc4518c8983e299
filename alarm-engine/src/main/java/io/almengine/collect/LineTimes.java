package io.almengine.collect;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamp at the start of a log line, for the formats the fleets write:
 * <ul>
 * <li>log4j (FusionInsight, Flume's log4j2 layouts, the engine): {@code 2026-11-20 08:00:00,123};</li>
 * <li>td-agent / Fluentd: {@code 2026-11-20 08:00:00 +0800}, also with fractions of a second;</li>
 * <li>ISO-8601 and Logtail's {@code [2026-11-20 08:00:00.123456]};</li>
 * <li>Apache Flume's default layout: {@code 20 Nov 2026 08:00:00,123};</li>
 * <li>syslog: {@code Nov 20 08:00:00}, which has no year: the year that puts it nearest before the
 * reference instant (a December line read in January is last year's).</li>
 * </ul>
 * A timestamp without an offset is in {@code zone}, the log host's zone.
 */
final class LineTimes {

    /** A line's time and the name of the format it was written in. */
    record Stamp(Instant at, String format) {
    }

    private static final String MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec";
    private static final List<String> MONTH_LIST = List.of(MONTHS.split("\\|"));
    private static final Pattern ISO = Pattern.compile(
            "^\\[?(\\d{4})-(\\d{2})-(\\d{2})[ T](\\d{2}):(\\d{2}):(\\d{2})(?:([.,])(\\d{1,9}))?"
                    + "(?:\\s?(Z|[+-]\\d{2}:?\\d{2}))?");
    private static final Pattern FLUME = Pattern.compile(
            "^(\\d{1,2}) (" + MONTHS + ") (\\d{4}) (\\d{2}):(\\d{2}):(\\d{2}),(\\d{3})");
    private static final Pattern SYSLOG = Pattern.compile("^(" + MONTHS + ") ([ \\d]\\d) (\\d{2}):(\\d{2}):(\\d{2})");
    /** How far past the reference a syslog time may lie before it is taken as last year's (clock skew, the window's end). */
    private static final Duration SYSLOG_SLACK = Duration.ofDays(31);

    private final ZoneId zone;
    private final Instant reference;

    LineTimes(ZoneId zone, Instant reference) {
        this.zone = zone;
        this.reference = reference;
    }

    /** The line's timestamp, or {@code null} when it starts with none (a continuation, a stack trace). */
    Stamp parse(String line) {
        try {
            Matcher m = ISO.matcher(line);
            if (m.find()) {
                LocalDateTime local = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), num(m, 6),
                        nanos(m.group(8)));
                String offset = m.group(9);
                if (offset == null) {
                    return new Stamp(local.atZone(zone).toInstant(), ",".equals(m.group(7)) ? "log4j" : "iso-8601");
                }
                ZoneOffset zoneOffset = offset.equals("Z") ? ZoneOffset.UTC
                        : ZoneOffset.of(offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
                return new Stamp(local.toInstant(zoneOffset), offset.contains(":") || offset.equals("Z")
                        ? "iso-8601" : "td-agent");
            }
            m = FLUME.matcher(line);
            if (m.find()) {
                LocalDateTime local = LocalDateTime.of(num(m, 3), MONTH_LIST.indexOf(m.group(2)) + 1, num(m, 1),
                        num(m, 4), num(m, 5), num(m, 6), nanos(m.group(7)));
                return new Stamp(local.atZone(zone).toInstant(), "flume");
            }
            m = SYSLOG.matcher(line);
            if (m.find()) {
                int month = MONTH_LIST.indexOf(m.group(1)) + 1;
                int day = Integer.parseInt(m.group(2).trim());
                int year = reference.atZone(zone).getYear();
                Instant at = LocalDateTime.of(year, month, day, num(m, 3), num(m, 4), num(m, 5)).atZone(zone).toInstant();
                if (at.isAfter(reference.plus(SYSLOG_SLACK))) {
                    at = LocalDateTime.of(year - 1, month, day, num(m, 3), num(m, 4), num(m, 5)).atZone(zone).toInstant();
                }
                return new Stamp(at, "syslog");
            }
        } catch (DateTimeException e) {
            return null; // looks like a timestamp but is no date (month 13): not a line start
        }
        return null;
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int nanos(String fraction) {
        if (fraction == null) {
            return 0;
        }
        return Integer.parseInt((fraction + "000000000").substring(0, 9));
    }
}
