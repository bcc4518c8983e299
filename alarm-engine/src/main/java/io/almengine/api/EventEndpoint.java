package io.almengine.api;

import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventSink;
import io.almengine.ingest.MalformedJsonException;
import io.almengine.ingest.ParseResult;
import io.almengine.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;

/**
 * {@code POST /api/events}: one event or an array; all valid and published, or 400 (413 when an
 * event is over the size limit) and nothing published. Each event is checked as the pipeline
 * checks it ({@link EventParser#parseBatch}), so an accepted event is never dead-lettered later.
 * A {@code WATERMARK} in the body is published to every partition (see {@link io.almengine.ingest.EventPublisher}).
 */
final class EventEndpoint {

    private final EventParser parser;
    private final EventSink publisher;

    EventEndpoint(EventParser parser, EventSink publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    Reply post(Call call) {
        List<ParseResult> results;
        try {
            results = parser.parseBatch(call.body());
        } catch (MalformedJsonException e) {
            throw ApiException.badRequest(e.encoding() ? "body is not valid UTF-8" : "body is not valid JSON",
                    List.of(e.problem()));
        }
        // Events and watermarks in the body's order: a watermark vouches for the events before it.
        var events = new ArrayList<Event>(results.size());
        var problems = new ArrayList<String>();
        boolean tooLarge = false;
        for (ParseResult result : results) {
            if (result instanceof ParseResult.Invalid invalid) {
                problems.addAll(invalid.problems());
                tooLarge |= invalid.tooLarge();
            } else {
                events.add(result.valid());
            }
        }
        if (tooLarge) {
            throw new ApiException(413, "an event is over the size limit; nothing was published", problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid events; nothing was published", problems);
        }
        if (events.isEmpty()) {
            throw ApiException.badRequest("no events in the body", List.of());
        }
        try {
            publisher.publish(events);
        } catch (KafkaException e) {
            throw new ApiException(503, "Kafka did not take the events; nothing was published: " + e.getMessage());
        }
        return new Reply(202, Map.of("accepted", events.size()));
    }
}
