package io.almengine.bench;

import io.almengine.model.EventType;
import java.time.Duration;
import java.time.Instant;

/**
 * A synthetic fleet whose connection {@code i} is a function of {@code i}: nothing per connection
 * is kept in memory, so the fleet itself does not show up in the heap the bench measures.
 */
interface Fleet {

    static Fleet of(FleetKind kind, String source, int size) {
        return switch (kind) {
            case FLUME -> new FlumeFleet(source, size);
            case LOGTAIL -> new LogtailFleet(source, size);
        };
    }

    int size();

    String connectionId(int i);

    /** The event as a producer following the contract writes it. */
    byte[] event(int i, EventType type, Instant time);

    /**
     * Whether only heartbeats keep an agent out of alarm (no link that stays up by itself): such a
     * fleet has to keep beating whenever the engine runs, and it goes down by falling silent.
     */
    default boolean heartbeatsOnly() {
        return false;
    }

    /**
     * Event time of the backlog's first round ({@code rounds} rounds, {@code interval} apart, each
     * spread over half an interval): well in the past by default, since link state does not age.
     */
    default Instant backlogBase(Instant now, int rounds, Duration interval) {
        return now.minus(interval.multipliedBy(rounds + 2L));
    }
}
