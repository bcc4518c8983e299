package io.almengine.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * The notification stage's metrics, counted where the messages leave this instance:
 * {@code alm_notifications_total{receiver,type}} (delivered), {@code alm_notifications_failed_total{receiver,type,reason}}
 * ({@code rejected}: the service refused it for good; {@code unavailable}: to be tried again) and
 * {@code alm_notification_latency_seconds} (from handing a message to its receiver to the service's answer).
 */
public final class NotifyMetrics {

    private final MeterRegistry registry;

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics nobody reads (the stage's own tests). */
    public static NotifyMetrics unread() {
        return new NotifyMetrics(new SimpleMeterRegistry());
    }

    /** Shows every receiver's delivered count from the start, at zero, so alert rules see the series. */
    public NotifyMetrics forReceivers(Notifications notifications) {
        notifications.receivers().keySet().forEach(name -> sent(name, notifications.typeOf(name)));
        return this;
    }

    void record(String receiver, String type, Delivery.Outcome outcome, Duration took) {
        Timer.builder("alm.notification.latency").description("From handing a message to its receiver to the answer")
                .tag("receiver", receiver).tag("type", type).publishPercentileHistogram()
                .register(registry).record(took);
        switch (outcome) {
            case SENT -> sent(receiver, type).increment();
            case FAILED -> failed(receiver, type, "rejected").increment();
            case RETRY -> failed(receiver, type, "unavailable").increment();
        }
    }

    private Counter sent(String receiver, String type) {
        return Counter.builder("alm.notifications").description("Messages the receivers' services took")
                .tag("receiver", receiver).tag("type", type).register(registry);
    }

    private Counter failed(String receiver, String type, String reason) {
        return Counter.builder("alm.notifications.failed").description("Messages a service refused or did not take")
                .tag("receiver", receiver).tag("type", type).tag("reason", reason.toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
