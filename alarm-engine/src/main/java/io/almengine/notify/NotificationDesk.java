package io.almengine.notify;

import java.util.List;
import java.util.Optional;

/** What the API asks of the notification stage: the delivery log, and test messages. */
public interface NotificationDesk {

    /** Attempts, newest first, of the alarm ({@code serialNo}, or null: any), receiver (or null) and outcome (or null). */
    List<Attempt> attempts(Long serialNo, String receiver, Delivery.Outcome outcome);

    /** Sends a test message to the receiver now; empty when no receiver has that name. */
    Optional<Attempt> test(String receiver, String by);

    /** No notifications: an empty log, no receivers. */
    NotificationDesk NONE = new NotificationDesk() {
        @Override
        public List<Attempt> attempts(Long serialNo, String receiver, Delivery.Outcome outcome) {
            return List.of();
        }

        @Override
        public Optional<Attempt> test(String receiver, String by) {
            return Optional.empty();
        }
    };
}
