package io.almengine.ingest;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes validated events to {@code alm.connection-events}, keyed by connection id, a whole
 * batch in one Kafka transaction: a request's events are all published or none is.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventPublisher(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "alm-http-events-" + UUID.randomUUID());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.producer.initTransactions();
        this.topic = topic;
    }

    /** Publishes all events or none; throws {@link KafkaException} when Kafka did not take them. */
    public synchronized void publish(List<ConnectionEvent> events) {
        producer.beginTransaction();
        try {
            for (ConnectionEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.connectionId(), Json.MAPPER.writeValueAsBytes(event)));
            }
            producer.commitTransaction();
        } catch (IOException e) {
            producer.abortTransaction();
            throw new UncheckedIOException(e);
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
