package io.almengine.engine;

import io.almengine.ingest.DeadLetter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of one record that cannot be read, processed or written: it goes to the dead-letter
 * topic (cut to what one record holds) or is skipped, with a log line and a count in
 * {@link PipelineStats#recordErrors()}, and the pipeline goes on with the rest. Kafka Streams
 * creates its handlers ({@link RecordFailureHandler}) by class name, per thread; they share this.
 *
 * <p>A record whose output cannot be written is the hard case: under exactly-once a failed write
 * dooms the whole transaction, so no handler answer can skip it in place. Its position is noted
 * instead and the stream thread fails; the thread is replaced, its tasks start again from their
 * last commit, and the noted record is skipped when it is read again ({@link #skipsOnReplay}).
 * {@link ThreadRestarts} does not count such a failure towards stopping the pipeline.
 */
public final class RecordFailures {

    /** Streams property that carries this object to the handlers Kafka Streams creates. */
    static final String CONFIG = "alm.record-failures";
    private static final Logger LOG = LoggerFactory.getLogger(RecordFailures.class);
    /** Noted failures waiting for their thread to be replaced; more would mean something else is wrong. */
    private static final int MAX_NOTED = 1_000;

    /** Where a record was read. */
    record Position(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "/" + partition + "@" + offset;
        }
    }

    private final String deadLetterTopic;
    private final PipelineStats stats;
    private final Set<Position> toSkip = ConcurrentHashMap.newKeySet();
    private final Set<Throwable> skippedCauses = Collections.synchronizedSet(
            Collections.newSetFromMap(new IdentityHashMap<>()));

    public RecordFailures(String deadLetterTopic, PipelineStats stats) {
        this.deadLetterTopic = deadLetterTopic;
        this.stats = stats;
    }

    /** A dead letter for the record being handled, counted, with the failure logged. */
    ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value, Headers headers,
                                              String reason) {
        String origin = origin(context);
        DeadLetter letter = DeadLetter.of(key, value, headers == null ? new RecordHeaders() : headers, reason, origin);
        stats.recordFailed();
        stats.recordDeadLettered();
        LOG.warn("record {} dead-lettered: {}", origin, reason);
        Long timestamp = context.timestamp() >= 0 ? context.timestamp() : null;
        return new ProducerRecord<>(deadLetterTopic, null, timestamp, letter.key(), letter.value(), letter.headers());
    }

    /** A record dropped without a dead letter (there is nothing to write, or writing is what failed). */
    void skipped(ErrorHandlerContext context, String reason) {
        stats.recordFailed();
        LOG.warn("record {} skipped: {}", origin(context), reason);
    }

    /**
     * Notes that the record being handled cannot be written: it is skipped when its task reads it
     * again after the stream thread has been replaced. False when the record is not known (a
     * punctuation's output, or a failure reported late by the producer's own thread).
     */
    boolean skipOnReplay(ErrorHandlerContext context, Exception cause) {
        if (context.topic() == null || context.offset() < 0 || toSkip.size() >= MAX_NOTED) {
            return false;
        }
        var position = new Position(context.topic(), context.partition(), context.offset());
        toSkip.add(position);
        skippedCauses.add(cause);
        LOG.error("record {} cannot be written ({}): the stream thread is replaced and the record skipped",
                position, cause.toString());
        return true;
    }

    /** Whether this record, read again, is one that could not be written; true once per noting. */
    boolean skipsOnReplay(ConsumerRecord<?, ?> record) {
        var position = new Position(record.topic(), record.partition(), record.offset());
        if (!toSkip.remove(position)) {
            return false;
        }
        stats.recordFailed();
        LOG.warn("record {} skipped: its output could not be written", position);
        return true;
    }

    /** Whether a stream thread's failure is one {@link #skipOnReplay} arranged: not the pipeline's fault. */
    boolean causedBySkippedRecord(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (skippedCauses.remove(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String origin(ErrorHandlerContext context) {
        if (context.topic() == null) {
            return "task " + context.taskId() + " (" + context.processorNodeId() + ", no input record)";
        }
        return context.topic() + "/" + context.partition() + "@" + context.offset();
    }
}
