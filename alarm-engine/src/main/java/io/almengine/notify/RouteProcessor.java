package io.almengine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each change of {@code alm.alarm-events} and sends the ones people are told about to every
 * route that takes them, keyed by the route's receiver.
 */
final class RouteProcessor implements Processor<String, JsonNode, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(RouteProcessor.class);

    private final Route root;
    private final AlarmNotices notices;
    private ProcessorContext<String, Object> context;

    RouteProcessor(Route root, AlarmNotices notices) {
        this.root = root;
        this.notices = notices;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, JsonNode> record) {
        JsonNode change = record.value();
        if (change == null || !change.hasNonNull("change")) {
            return;
        }
        Alarm alarm;
        try {
            alarm = Json.MAPPER.treeToValue(change, Alarm.class);
        } catch (IOException e) {
            LOG.warn("alarm change {} cannot be read, not notified: {}", record.key(), e.getMessage());
            return;
        }
        notices.of(change.get("change").asText(), alarm).ifPresent(notice -> {
            var member = new Member(alarm.serialNo(), alarm.connectionId(), notice);
            for (Route route : root.match(notice.labels())) {
                context.forward(new Record<String, Object>(route.receiver(), new Routed(route.receiver(), route.key(),
                        member), record.timestamp()));
            }
        });
    }
}
