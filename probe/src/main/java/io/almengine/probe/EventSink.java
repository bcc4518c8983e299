package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Watermark;
import java.io.IOException;
import java.util.List;

/** Where the probe's events and watermarks go: Kafka or an engine's HTTP API. */
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

    /**
     * Publishes a watermark: "every event observed up to its time has been published". Called only
     * once those events were delivered; to Kafka it goes to every partition of the events topic,
     * behind the events already there. Throws as {@link #publish} does; the caller tries again.
     */
    Result publishWatermark(Watermark watermark) throws IOException;

    /** Where events go, for the log. */
    String describe();

    @Override
    void close();
}
