package io.almengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventPublisher;
import io.almengine.ingest.ParseResult;
import io.almengine.model.ConnectionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;

/** {@code POST /api/events}: one event or an array; all valid and published, or 400 and nothing published. */
final class EventEndpoint {

    private final EventParser parser;
    private final EventPublisher publisher;

    EventEndpoint(EventParser parser, EventPublisher publisher) {
        this.parser = parser;
        this.publisher = publisher;
    }

    Reply post(Call call) {
        List<ParseResult> results;
        try {
            results = parser.parseBatch(call.body());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of(e.getOriginalMessage().lines()
                    .findFirst().orElse("") + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        var events = new ArrayList<ConnectionEvent>(results.size());
        var problems = new ArrayList<String>();
        for (ParseResult result : results) {
            if (result instanceof ParseResult.Valid valid) {
                events.add(valid.event());
            } else if (result instanceof ParseResult.Invalid invalid) {
                problems.addAll(invalid.problems());
            }
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
