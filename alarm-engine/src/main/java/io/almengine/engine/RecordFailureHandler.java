package io.almengine.engine;

import io.almengine.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' questions about one record, answered by {@link RecordFailures}: a record that
 * cannot be read, processed or written is dead-lettered or skipped, never fatal. Streams creates
 * one per thread by class name and passes it the engine's {@link RecordFailures} through its
 * configuration ({@value RecordFailures#CONFIG}).
 *
 * <p>Also the timestamp extractor: it is what sees every record before it is processed, so it
 * skips the ones whose output could not be written; and a record without a valid timestamp
 * (which Streams' default extractor makes fatal) takes its partition's time instead. Nothing in the
 * engine orders by record time: events carry their own.
 */
public final class RecordFailureHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler,
        ProductionExceptionHandler, TimestampExtractor {

    private RecordFailures failures;

    @Override
    public void configure(Map<String, ?> configs) {
        Object shared = configs.get(RecordFailures.CONFIG);
        if (!(shared instanceof RecordFailures f)) {
            throw new ConfigException(RecordFailures.CONFIG, shared, "the engine's RecordFailures must be set");
        }
        this.failures = f;
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(failures.deadLetter(context, record.key(),
                record.value(), record.headers(), "cannot be read: " + exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        // What Kafka itself reports (a failed write surfacing here, a store that cannot be used) is not
        // about this record: skipping records would not help, and would lose them.
        if (exception instanceof KafkaException && !(exception instanceof SerializationException)) {
            return ProcessingExceptionHandler.Response.fail();
        }
        String reason = "processing failed in " + context.processorNodeId() + ": " + exception;
        byte[] key = context.sourceRawKey() != null ? context.sourceRawKey() : keyOf(record);
        byte[] value = context.sourceRawValue() != null ? context.sourceRawValue() : valueOf(record);
        if (context.topic() == null || record == null) {
            failures.skipped(context, reason);
            return ProcessingExceptionHandler.Response.resume();
        }
        return ProcessingExceptionHandler.Response.resume(List.of(failures.deadLetter(context, key, value,
                context.headers(), reason)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record,
                                                           Exception exception) {
        if (exception instanceof RetriableException) {
            // A broker that is slow or moving: Streams retries the task from its last commit.
            return ProductionExceptionHandler.Response.retry();
        }
        // The producer reports a record it refused at once (too large) on this thread, where the
        // context is the input record that produced it; what a broker refuses later comes on the
        // producer's own thread, when the task may be on another record.
        if (!Thread.currentThread().getName().startsWith("kafka-producer-network-thread")) {
            failures.skipOnReplay(context, exception);
        }
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
                                                                        ProducerRecord record, Exception exception,
                                                                        SerializationExceptionOrigin origin) {
        // Nothing reached the producer: the transaction is intact, and the record can simply be left out.
        String reason = "its output to " + record.topic() + " could not be serialized ("
                + origin.name().toLowerCase(java.util.Locale.ROOT) + "): " + exception;
        if (context.topic() == null) {
            failures.skipped(context, reason);
            return ProductionExceptionHandler.Response.resume();
        }
        return ProductionExceptionHandler.Response.resume(List.of(failures.deadLetter(context,
                context.sourceRawKey(), context.sourceRawValue(), context.headers(), reason)));
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (failures.skipsOnReplay(record)) {
            return -1; // Streams drops a record with a negative timestamp (and counts it as dropped)
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    }

    private static byte[] keyOf(Record<?, ?> record) {
        return record != null && record.key() instanceof String key ? key.getBytes(StandardCharsets.UTF_8) : null;
    }

    /** The value as the stage had it, when the bytes read are no longer at hand. */
    private static byte[] valueOf(Record<?, ?> record) {
        if (record == null || record.value() == null) {
            return null;
        }
        if (record.value() instanceof byte[] bytes) {
            return bytes;
        }
        try {
            return Json.MAPPER.writeValueAsBytes(record.value());
        } catch (Exception e) {
            return String.valueOf(record.value()).getBytes(StandardCharsets.UTF_8);
        }
    }
}
