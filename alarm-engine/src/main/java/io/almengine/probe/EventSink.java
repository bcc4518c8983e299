package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import java.io.IOException;
import java.util.List;

/** Where the probe's events go: Kafka or an engine's HTTP API. */
public interface EventSink extends AutoCloseable {

    /** What became of a batch that reached its destination. */
    enum Result {
        /** Taken, all of it. */
        DELIVERED,
        /** Refused for what it says (e.g. a component the engine has no definition for): retrying cannot help. */
        REJECTED
    }

    /**
     * Publishes the batch, all of it or none as far as the destination allows. Throws when the
     * destination is unreachable or failed; the caller keeps the batch and tries again later
     * (a batch delivered twice is harmless: the engine ignores an event no newer than its state).
     */
    Result publish(List<ConnectionEvent> events) throws IOException;

    /** Where events go, for the log. */
    String describe();

    @Override
    void close();
}
