package io.almengine.notify;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages away from the stream thread, which only hands them over: a slow or dead endpoint
 * holds one sender thread for its timeout, never the pipeline. Each outcome is written as an
 * {@link Attempt} (durably, before the receiver's next message is handed over) and read back by the
 * stage.
 */
public final class NotificationSender {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);

    private final Executor executor;
    private final Consumer<Attempt> attempts;
    private final Clock clock;
    private final NotifyMetrics metrics;

    public NotificationSender(Executor executor, Consumer<Attempt> attempts, Clock clock) {
        this(executor, attempts, clock, NotifyMetrics.unread());
    }

    /**
     * @param attempts writes an attempt durably and returns only then (the stage may send the
     *                 receiver's next message once it has read it back)
     */
    public NotificationSender(Executor executor, Consumer<Attempt> attempts, Clock clock, NotifyMetrics metrics) {
        this.executor = executor;
        this.attempts = attempts;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Hands the message over; its attempt is written when the receiver answered.
     *
     * @param through for a digest, the id of the last outbox message it took in (else {@code null})
     */
    public CompletableFuture<Void> send(Receiver receiver, String type, Outgoing message, String through) {
        return CompletableFuture.runAsync(() -> attempts.accept(attempt(receiver, type, message.id(),
                message.attempts() + 1, message.notification(), message.serialNos(), through)), executor);
    }

    /** Sends at once on the calling thread (an admin's test message) and reports the attempt. */
    public Attempt sendNow(Receiver receiver, String type, String id, Notification notification) {
        Attempt attempt = attempt(receiver, type, id, 1, notification, java.util.List.of(), null);
        attempts.accept(attempt);
        return attempt;
    }

    private Attempt attempt(Receiver receiver, String type, String id, int number, Notification notification,
                            java.util.List<Long> serialNos, String through) {
        Delivery delivery;
        long start = System.nanoTime();
        try {
            delivery = receiver.deliver(notification);
        } catch (RuntimeException e) {
            // A receiver must not throw; if one does, it is a bug there, and worth another try.
            LOG.warn("receiver {} threw while sending {}: {}", receiver.name(), id, e.toString());
            delivery = Delivery.retry("the receiver failed: " + e, null);
        }
        metrics.record(receiver.name(), type, delivery.outcome(), java.time.Duration.ofNanos(System.nanoTime() - start));
        if (delivery.outcome() != Delivery.Outcome.SENT) {
            LOG.info("notification {} to {}: {} ({})", id, receiver.name(), delivery.outcome(), delivery.answer());
        }
        return new Attempt(id, receiver.name(), type, number, clock.instant(), delivery.outcome(), delivery.answer(),
                notification.groupKey(), serialNos, delivery.retryAfter(), through);
    }
}
