package io.almengine.notify;

import io.almengine.model.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log as every instance sees it (a mirror of the attempts topic, the newest
 * {@link #KEPT} attempts), and the admin's test messages.
 */
public final class NotificationLog implements NotificationDesk {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationLog.class);
    /** Bounds the memory the log takes; older attempts stay in the topic for its retention. */
    static final int KEPT = 20_000;

    private volatile Notifications notifications;
    private final NotificationSender sender;
    private final AlarmNotices notices;
    private final Clock clock;
    private final Deque<Attempt> attempts = new ArrayDeque<>();

    public NotificationLog(Notifications notifications, NotificationSender sender, AlarmNotices notices, Clock clock) {
        this.notifications = notifications;
        this.sender = sender;
        this.notices = notices;
        this.clock = clock;
    }

    /** The receivers after a reload: test messages go to these from now on. */
    public void reloaded(Notifications next) {
        notifications = next;
    }

    /** One record of the attempts topic. */
    public void accept(String key, byte[] value) {
        if (value == null) {
            return;
        }
        Attempt attempt;
        try {
            attempt = Json.MAPPER.readValue(value, Attempt.class);
        } catch (IOException e) {
            LOG.warn("unreadable attempt record for {}: {}", key, e.getMessage());
            return;
        }
        synchronized (attempts) {
            attempts.addFirst(attempt);
            if (attempts.size() > KEPT) {
                attempts.removeLast();
            }
        }
    }

    @Override
    public List<Attempt> attempts(Long serialNo, String receiver, Delivery.Outcome outcome) {
        var out = new ArrayList<Attempt>();
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if ((serialNo == null || a.serialNos().contains(serialNo))
                        && (receiver == null || a.receiver().equals(receiver))
                        && (outcome == null || a.outcome() == outcome)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Attempt> test(String receiver, String by) {
        return notifications.receiver(receiver).map(target -> {
            var labels = Map.of("alertname", "ALM-TEST", "severity", "warning", "receiver", receiver);
            var annotations = Map.of("summary", "Test message from ALM Engine, sent by " + by,
                    "summaryZh", "ALM Engine 测试消息（" + by + " 发送）",
                    "description", "If you read this, receiver " + receiver + " works.");
            var notice = new Notice(Notification.Status.FIRING, labels, annotations, clock.instant(), null,
                    notices.activeListUrl(), AlarmNotices.fingerprint(labels));
            var message = new Notification(receiver, "{}:{alertname=\"ALM-TEST\"}", Notification.Status.FIRING,
                    Map.of("alertname", "ALM-TEST"), labels, annotations, notices.externalUrl(), List.of(notice), 0);
            return sender.sendNow(target, notifications.typeOf(receiver),
                    Attempt.TEST_PREFIX + UUID.randomUUID(), message);
        });
    }
}
