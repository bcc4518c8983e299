package io.almengine.notify.northbound;

import io.almengine.model.Alarm;
import io.almengine.notify.AlarmNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.Notice;
import io.almengine.notify.Notifications;
import io.almengine.notify.Route;
import io.almengine.silence.Suppressions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the syslog and SNMP receivers' periodic messages: every {@code reReportInterval} the active
 * alarms routed to the receiver (none a silence, window or mask holds back), every
 * {@code heartbeatInterval} a heartbeat. Of several instances only the one whose pipeline owns the
 * receiver sends, so an NMS gets each once. The schedules are kept in memory: a restart starts
 * their intervals again, which at worst delays one re-report or heartbeat by an interval.
 */
public final class PeriodicSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicSender.class);

    private final Notifications notifications;
    private final AlarmNotices notices;
    private final Supplier<List<Alarm>> activeAlarms;
    private final Suppressions suppressions;
    private final Predicate<String> owns;
    private final Clock clock;
    private final Map<String, PeriodicReport.Schedule> schedules = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notify-periodic");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param owns whether this instance sends for the receiver of that name now
     */
    public PeriodicSender(Notifications notifications, AlarmNotices notices, Supplier<List<Alarm>> activeAlarms,
                          Suppressions suppressions, Predicate<String> owns, Clock clock) {
        this.notifications = notifications;
        this.notices = notices;
        this.activeAlarms = activeAlarms;
        this.suppressions = suppressions;
        this.owns = owns;
        this.clock = clock;
        notifications.receivers().forEach((name, receiver) -> {
            if (receiver instanceof Periodic periodic && !periodic.periodic().off()) {
                schedules.put(name, periodic.periodic().start(clock, () -> routedTo(name)));
            }
        });
    }

    /** Whether any receiver has periodic messages to send. */
    public boolean any() {
        return !schedules.isEmpty();
    }

    /** Looks every {@code tick} for what is due. */
    public PeriodicSender start(Duration tick) {
        if (any()) {
            timer.scheduleWithFixedDelay(this::sendDue, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Sends what is due now; a receiver this instance does not own has its turn counted, not sent. */
    public void sendDue() {
        schedules.forEach((name, schedule) -> {
            try {
                PeriodicReport.Due due = schedule.due();
                if (due.nothing() || !owns.test(name)) {
                    return;
                }
                Periodic receiver = (Periodic) notifications.receivers().get(name);
                if (due.heartbeat()) {
                    log(name, "heartbeat", receiver.heartbeat());
                }
                if (!due.reReport().isEmpty()) {
                    log(name, "re-report of " + due.reReport().size() + " alarms",
                            receiver.deliver(due.reReportNotification(name, notices.externalUrl())));
                }
            } catch (RuntimeException e) {
                LOG.warn("{}: periodic message not sent: {}", name, e.toString());
            }
        });
    }

    /** The active alarms the routing tree sends to {@code receiver}, as notices, less those held back. */
    List<Notice> routedTo(String receiver) {
        Route root = notifications.route();
        var out = new ArrayList<Notice>();
        for (Alarm alarm : activeAlarms.get()) {
            if (!alarm.active() || suppressions.quiet(alarm, clock.instant()).isPresent()) {
                continue;
            }
            Notice notice = notices.notice(alarm);
            if (root.match(notice.labels()).stream().anyMatch(r -> r.receiver().equals(receiver))) {
                out.add(notice);
            }
        }
        return out;
    }

    private static void log(String receiver, String what, Delivery delivery) {
        if (delivery.outcome() == Delivery.Outcome.SENT) {
            LOG.debug("{}: {} sent", receiver, what);
        } else {
            LOG.warn("{}: {} {}: {}", receiver, what, delivery.outcome(), delivery.answer());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
