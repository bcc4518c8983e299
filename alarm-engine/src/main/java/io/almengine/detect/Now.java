package io.almengine.detect;

import java.time.Instant;

/** The engine clock's reading for one evaluation, as a fact rules can compare deadlines with. */
public record Now(Instant instant) {

    public boolean reached(Instant deadline) {
        return deadline != null && !deadline.isAfter(instant);
    }
}
