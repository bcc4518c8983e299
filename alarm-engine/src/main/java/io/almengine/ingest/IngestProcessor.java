package io.almengine.ingest;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Watermark;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First stage of the topology: valid events go on to detection; anything else goes to the
 * dead-letter topic as a {@link DeadLetter}: its original key and bytes (cut to what one record
 * holds) and headers saying why and where it came from. A tombstone (null value) retires its key.
 *
 * <p>A connection's state lives in the task of one partition ({@link Routing}). A record that is
 * not keyed by its connection id (a producer that keys by host, or not at all), or that a
 * producer put on another partition (librdkafka's {@code consistent_random}, kafkajs'
 * {@code LegacyPartitioner}, an explicit partition), is sent once more, correctly keyed, through
 * the rekey topic, which this processor also reads. Only once: what comes from the rekey topic and
 * still does not belong where it is (a key that does not survive the trip, a record a stranger
 * wrote there) is dead-lettered, so no record can go round for ever.
 *
 * <p>A reporter's {@code WATERMARK} is on every partition by design (keyed by the reporter id, which
 * never contains '|' and so is never a connection id): it goes to detection where it is.
 */
public final class IngestProcessor implements Processor<String, byte[], String, Object> {

    public static final String TO_DETECT = "detect";
    public static final String TO_DEAD_LETTERS = "to-dead-letters";
    public static final String TO_REKEY = "to-rekey";
    public static final String REASON_HEADER = DeadLetter.REASON_HEADER;
    public static final String ORIGIN_HEADER = DeadLetter.ORIGIN_HEADER;
    private static final int SHOWN_KEY_CHARS = 200;

    /** The partition whose task owns a connection: where its records must be processed. */
    @FunctionalInterface
    public interface Routing {
        int partitionOf(String connectionId);
    }

    /** What ingest reports as it works. */
    @FunctionalInterface
    public interface Progress {
        void deadLettered();
    }

    private final EventParser parser;
    private final Routing routing;
    private final String rekeyTopic;
    private final Progress progress;
    private ProcessorContext<String, Object> context;

    /**
     * @param routing    where each connection belongs
     * @param rekeyTopic the rekey topic: what comes from it has been routed once already
     */
    public IngestProcessor(EventParser parser, Routing routing, String rekeyTopic, Progress progress) {
        this.parser = parser;
        this.routing = routing;
        this.rekeyTopic = rekeyTopic;
        this.progress = progress;
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
            } else {
                route(record, record.key(), null);
            }
            return;
        }
        ParseResult result = parser.parse(record.value());
        if (result instanceof ParseResult.Invalid invalid) {
            deadLetter(record, invalid.reason());
            return;
        }
        if (result instanceof ParseResult.ValidWatermark valid) {
            // Sent to every partition on purpose, whatever its key: it belongs right where it is,
            // behind the events its reporter sent to this partition before it. Never re-keyed.
            Watermark watermark = valid.watermark();
            context.forward(new Record<String, Object>(watermark.reporter(), watermark, record.timestamp()),
                    TO_DETECT);
            return;
        }
        ConnectionEvent event = ((ParseResult.Valid) result).event();
        route(record, event.connectionId(), event);
    }

    /** To detection if the record is where its connection belongs; else once through the rekey topic. */
    private void route(Record<String, byte[]> record, String connectionId, ConnectionEvent event) {
        Optional<RecordMetadata> metadata = context.recordMetadata();
        int partition = metadata.map(RecordMetadata::partition).orElse(-1);
        int expected = routing.partitionOf(connectionId);
        if (connectionId.equals(record.key()) && (partition < 0 || partition == expected)) {
            context.forward(new Record<String, Object>(connectionId, event, record.timestamp()), TO_DETECT);
        } else if (metadata.map(m -> m.topic().equals(rekeyTopic)).orElse(false)) {
            deadLetter(record, "came through the rekey topic and still does not belong here (key '"
                    + shown(record.key()) + "' on partition " + partition + "; connection '" + shown(connectionId)
                    + "' belongs on partition " + expected + "): not re-keyed again");
        } else {
            context.forward(new Record<String, Object>(connectionId, record.value(), record.timestamp()), TO_REKEY);
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        String origin = context.recordMetadata()
                .map(m -> m.topic() + "/" + m.partition() + "@" + m.offset())
                .orElse("unknown");
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(key, record.value(), record.headers(), reason, origin);
        context.forward(new Record<String, Object>(letter.keyText(), letter.value(), record.timestamp(),
                letter.headers()), TO_DEAD_LETTERS);
        progress.deadLettered();
    }

    private static String shown(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() <= SHOWN_KEY_CHARS ? text : text.substring(0, SHOWN_KEY_CHARS) + "…";
    }
}
