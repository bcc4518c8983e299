package io.almengine.notify.northbound;

import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import io.almengine.notify.ReceiverSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * FusionInsight's two periodic northbound messages, both off unless configured: every
 * {@code reReportInterval} (5 to 1440 minutes) each uncleared alarm again, so an NMS that lost a
 * message or restarted catches up; every {@code heartbeatInterval} (1 to 60 minutes) a heartbeat,
 * so it tells a quiet engine from a dead link. This only says what is due when; the notification
 * stage sends it through the receiver ({@link SyslogReceiver#deliver}, {@link SyslogReceiver#heartbeat}).
 *
 * @param reReportInterval {@code null} when off
 * @param heartbeatInterval {@code null} when off
 */
public record PeriodicReport(Duration reReportInterval, Duration heartbeatInterval) {

    public static final Duration RE_REPORT_MIN = Duration.ofMinutes(5);
    public static final Duration RE_REPORT_MAX = Duration.ofMinutes(1440);
    public static final Duration HEARTBEAT_MIN = Duration.ofMinutes(1);
    public static final Duration HEARTBEAT_MAX = Duration.ofMinutes(60);

    public static final PeriodicReport OFF = new PeriodicReport(null, null);

    public static PeriodicReport of(ReceiverSpec spec) {
        return new PeriodicReport(
                Durations.within(spec, "reReportInterval", RE_REPORT_MIN, RE_REPORT_MAX),
                Durations.within(spec, "heartbeatInterval", HEARTBEAT_MIN, HEARTBEAT_MAX));
    }

    public boolean off() {
        return reReportInterval == null && heartbeatInterval == null;
    }

    /** Starts counting both intervals now; the first of each is due one interval later. */
    public Schedule start(Clock clock, Supplier<List<Notice>> activeAlarms) {
        Instant now = clock.instant();
        return new Schedule(clock, activeAlarms,
                reReportInterval == null ? null : now.plus(reReportInterval),
                heartbeatInterval == null ? null : now.plus(heartbeatInterval));
    }

    /** What is due at one moment: the alarms to re-report (maybe none) and whether a heartbeat is. */
    public record Due(List<Notice> reReport, boolean heartbeat) {

        public Due {
            reReport = List.copyOf(reReport);
        }

        public boolean nothing() {
            return reReport.isEmpty() && !heartbeat;
        }

        /** The alarms to re-report as one message for {@code receiver}, to hand to its deliver(). */
        public Notification reReportNotification(String receiver, String externalUrl) {
            return new Notification(receiver, "{}:{reReport}", Notification.Status.FIRING, Map.of(), Map.of(), Map.of(),
                    externalUrl, reReport, 0);
        }
    }

    /** One receiver's running schedule; ask {@link #due()} as often as you like (each time is counted once). */
    public final class Schedule {

        private final Clock clock;
        private final Supplier<List<Notice>> activeAlarms;
        private Instant nextReReport;
        private Instant nextHeartbeat;

        private Schedule(Clock clock, Supplier<List<Notice>> activeAlarms, Instant nextReReport, Instant nextHeartbeat) {
            this.clock = clock;
            this.activeAlarms = activeAlarms;
            this.nextReReport = nextReReport;
            this.nextHeartbeat = nextHeartbeat;
        }

        public synchronized Due due() {
            Instant now = clock.instant();
            List<Notice> reReport = List.of();
            if (nextReReport != null && !now.isBefore(nextReReport)) {
                reReport = activeAlarms.get().stream().filter(n -> n.status() == Notification.Status.FIRING).toList();
                nextReReport = after(nextReReport, reReportInterval, now);
            }
            boolean heartbeat = false;
            if (nextHeartbeat != null && !now.isBefore(nextHeartbeat)) {
                heartbeat = true;
                nextHeartbeat = after(nextHeartbeat, heartbeatInterval, now);
            }
            return new Due(reReport, heartbeat);
        }

        /** When the next one is due, or {@code null} when both are off: the caller can sleep until then. */
        public synchronized Instant next() {
            if (nextReReport == null) {
                return nextHeartbeat;
            }
            return nextHeartbeat == null || nextReReport.isBefore(nextHeartbeat) ? nextReReport : nextHeartbeat;
        }

        /** On the interval's grid, after now: a late check sends once, not once per missed interval. */
        private static Instant after(Instant due, Duration interval, Instant now) {
            long missed = Duration.between(due, now).dividedBy(interval);
            return due.plus(interval.multipliedBy(missed + 1));
        }
    }
}
