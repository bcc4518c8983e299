package io.almengine.notify;

import java.time.Duration;

/**
 * What one attempt to send came to.
 *
 * @param answer the service's answer (status and body, shortened), or the error, for the delivery log
 * @param retryAfter for {@link Outcome#RETRY}: how long the service asked to wait, or {@code null}
 *                   to back off as the caller sees fit
 */
public record Delivery(Outcome outcome, String answer, Duration retryAfter) {

    public enum Outcome {
        /** The service took the message. */
        SENT,
        /** May succeed later: 5xx, timeout, connection refused, throttled. */
        RETRY,
        /** Will never succeed as it is (a 4xx, a bad signature…): recorded, not retried. */
        FAILED
    }

    public static Delivery sent(String answer) {
        return new Delivery(Outcome.SENT, answer, null);
    }

    public static Delivery retry(String answer, Duration retryAfter) {
        return new Delivery(Outcome.RETRY, answer, retryAfter);
    }

    public static Delivery failed(String answer) {
        return new Delivery(Outcome.FAILED, answer, null);
    }
}
