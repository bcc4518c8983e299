package io.almengine.notify;

import io.almengine.model.Alarm;
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
final class RouteProcessor implements Processor<String, byte[], String, Object> {

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
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String change;
        Alarm alarm;
        try {
            AlarmEvent event = AlarmEvent.read(record.value());
            change = event.change();
            if (change == null || !notices.isNews(change)) {
                return;
            }
            alarm = event.alarm();
        } catch (IOException e) {
            LOG.warn("alarm change {} cannot be read, not notified: {}", record.key(), e.getMessage());
            return;
        }
        notices.of(change, alarm).ifPresent(notice -> {
            var member = new Member(alarm.serialNo(), alarm.connectionId(), notice);
            for (Route route : root.match(notice.labels())) {
                context.forward(new Record<String, Object>(route.receiver(), new Routed(route.receiver(), route.key(),
                        member), record.timestamp()));
            }
        });
    }
}
