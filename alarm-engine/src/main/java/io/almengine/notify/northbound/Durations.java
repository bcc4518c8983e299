package io.almengine.notify.northbound;

import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** A receiver's ISO-8601 duration fields, as the other receivers read {@code timeout}. */
final class Durations {

    private Durations() {
    }

    static Duration positive(ReceiverSpec spec, String field, Duration otherwise) {
        Duration value = optional(spec, field);
        if (value == null) {
            return otherwise;
        }
        if (value.isNegative() || value.isZero()) {
            throw new InvalidReceiverException(field, "must be a positive ISO-8601 duration such as PT10S, not '" + spec.fields().get(field) + "'");
        }
        return value;
    }

    /** {@code null} when absent (off); within [min, max] otherwise. */
    static Duration within(ReceiverSpec spec, String field, Duration min, Duration max) {
        Duration value = optional(spec, field);
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            throw new InvalidReceiverException(field, "must be from " + min.toMinutes() + " to " + max.toMinutes()
                    + " minutes (" + min + " to " + max + "), not '" + spec.fields().get(field) + "'");
        }
        return value;
    }

    private static Duration optional(ReceiverSpec spec, String field) {
        String value = spec.optional(field, null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidReceiverException(field, "must be an ISO-8601 duration such as PT30M, not '" + value + "'");
        }
    }
}
