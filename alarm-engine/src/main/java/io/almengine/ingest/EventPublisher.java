package io.almengine.ingest;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Event;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes validated events to {@code alm.connection-events}, keyed by connection id, a whole
 * batch in one Kafka transaction: a request's events are all published or none is. A
 * {@code WATERMARK} goes to every partition, keyed by its reporter, in the batch's order: each
 * partition holds it behind the events that came before it in the request.
 *
 * <p>The transactional id is the instance's own, the same after a restart: a publisher killed in
 * the middle of a transaction is fenced by its successor's first act, which aborts what it left
 * open. With a new id each start, that open transaction held back every read-committed reader of
 * the events topic (the pipeline first) until the transaction timed out, a minute after the
 * restart. The timeout is short too, for an instance that never comes back.
 */
public final class EventPublisher implements EventSink, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    /** A publish is one request's events: milliseconds. A transaction left open longer was abandoned. */
    private static final int TRANSACTION_TIMEOUT_MS = 10_000;

    /**
     * @param instanceId the engine instance's stable id (see {@link #transactionalId})
     */
    public EventPublisher(String bootstrap, String topic, String instanceId) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(instanceId));
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.producer.initTransactions();
        this.topic = topic;
    }

    /**
     * The record value published for {@code event}: the one definition of it, so that the API
     * can check these very bytes as the pipeline will read them ({@link EventParser#parseBatch}).
     */
    public static byte[] valueOf(Event event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The publisher's transactional id: one per engine instance, kept across restarts. */
    public static String transactionalId(String instanceId) {
        return "alm-http-events-" + instanceId;
    }

    /** Publishes all events or none; throws {@link KafkaException} when Kafka did not take them. */
    @Override
    public synchronized void publish(List<? extends Event> events) {
        producer.beginTransaction();
        try {
            for (Event event : events) {
                byte[] value = valueOf(event);
                if (event instanceof ConnectionEvent link) {
                    producer.send(new ProducerRecord<>(topic, link.connectionId(), value));
                } else if (event instanceof Watermark watermark) {
                    for (PartitionInfo partition : producer.partitionsFor(topic)) {
                        producer.send(new ProducerRecord<>(topic, partition.partition(), watermark.reporter(), value));
                    }
                }
            }
            producer.commitTransaction();
        } catch (UncheckedIOException e) {
            producer.abortTransaction();
            throw e;
        } catch (KafkaException e) {
            producer.abortTransaction();
            throw e;
        }
    }

    @Override
    public void close() {
        // Bounded: a stop while the broker is gone must not wait for it forever.
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
