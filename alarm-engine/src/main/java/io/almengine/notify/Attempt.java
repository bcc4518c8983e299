package io.almengine.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One attempt to deliver a message, as the record of the attempts topic (keyed by receiver): what
 * the API lists, and the durable "this was sent" that the stage reads back before it sends the next
 * message of that receiver.
 *
 * @param id        the message's id ({@code receiver#sequence}); {@code test/…} for an admin's test
 * @param attempt   1 for the first try
 * @param serialNos the alarms the message named
 * @param retryAfter how long the service asked to wait before the next try, or {@code null}
 * @param through   for a digest, the id of the last message of the outbox it took in; {@code null}
 *                  for a message sent as it is
 */
public record Attempt(String id, String receiver, String type, int attempt, Instant at, Delivery.Outcome outcome,
                      String answer, String groupKey, List<Long> serialNos, Duration retryAfter, String through) {

    public Attempt {
        serialNos = serialNos == null ? List.of() : List.copyOf(serialNos);
    }

    public boolean test() {
        return id.startsWith(TEST_PREFIX);
    }

    public static final String TEST_PREFIX = "test/";
}
