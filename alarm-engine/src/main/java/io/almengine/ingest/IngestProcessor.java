package io.almengine.ingest;

import io.almengine.detect.PeerGroup;
import io.almengine.model.ConnectionEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First stage of the topology: valid events go on to detection; anything else goes to the
 * dead-letter topic with its original key and bytes and headers saying why and where it came
 * from. A tombstone (null value) retires its key.
 *
 * <p>An event whose record key is not its connection id (a producer that keys by host, or not at
 * all) sits on the wrong partition for its connection's state; it is sent once more, correctly
 * keyed, through the rekey topic, which this processor also reads.
 */
public final class IngestProcessor implements Processor<String, byte[], String, Object> {

    public static final String TO_DETECT = "detect";
    public static final String TO_DEAD_LETTERS = "to-dead-letters";
    public static final String TO_REKEY = "to-rekey";
    public static final String REASON_HEADER = "alm.reason";
    public static final String ORIGIN_HEADER = "alm.origin";

    private final EventParser parser;
    private final Predicate<String> groupedComponent;
    private final String rekeyTopic;
    private ProcessorContext<String, Object> context;

    public IngestProcessor(EventParser parser) {
        this(parser, component -> false, null);
    }

    /**
     * @param groupedComponent whether a component's connections are routed by peer group
     * @param rekeyTopic       the rekey topic: what comes from it is already where it belongs
     */
    public IngestProcessor(EventParser parser, Predicate<String> groupedComponent, String rekeyTopic) {
        this.parser = parser;
        this.groupedComponent = groupedComponent;
        this.rekeyTopic = rekeyTopic;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            if (record.key() == null) {
                deadLetter(record, "tombstone without a key: nothing to retire");
            } else if (needsGroupRouting(PeerGroup.componentOf(record.key()))) {
                context.forward(record.withValue((Object) null), TO_REKEY);
            } else {
                context.forward(record.withValue((Object) null), TO_DETECT);
            }
            return;
        }
        ParseResult result = parser.parse(record.value());
        if (result instanceof ParseResult.Invalid invalid) {
            deadLetter(record, invalid.reason());
            return;
        }
        ConnectionEvent event = ((ParseResult.Valid) result).event();
        String id = event.connectionId();
        if (!id.equals(record.key()) || needsGroupRouting(event.component())) {
            context.forward(new Record<String, Object>(id, record.value(), record.timestamp()), TO_REKEY);
            return;
        }
        context.forward(new Record<String, Object>(id, event, record.timestamp()), TO_DETECT);
    }

    /** A grouped component's record read from the events topic, not yet on its group's partition. */
    private boolean needsGroupRouting(String component) {
        return groupedComponent.test(component)
                && !context.recordMetadata().map(m -> m.topic().equals(rekeyTopic)).orElse(false);
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        var headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        String origin = context.recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        headers.add(ORIGIN_HEADER, origin.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<String, Object>(record.key(), record.value(), record.timestamp(), headers),
                TO_DEAD_LETTERS);
    }
}
