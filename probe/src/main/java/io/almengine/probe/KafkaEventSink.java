package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes to {@code alm.connection-events}, keyed by connection id (so a client's events stay
 * in order on one partition), with an idempotent producer: retries inside the producer never
 * duplicate or reorder, and a batch counts as delivered only when every record was acknowledged.
 * Watermarks go to every partition, keyed by the reporter.
 */
public final class KafkaEventSink implements EventSink {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String bootstrap;

    public KafkaEventSink(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        // Bounded waits: when Kafka is away the probe must get back to sampling, and retry itself.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.bootstrap = bootstrap;
    }

    @Override
    public Result publish(List<ConnectionEvent> events) throws IOException {
        var sent = new ArrayList<Future<RecordMetadata>>(events.size());
        try {
            for (ConnectionEvent event : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, event.connectionId(),
                        Json.MAPPER.writeValueAsBytes(event))));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            return Result.DELIVERED;
        } catch (KafkaException e) {
            throw new IOException("Kafka did not take the events: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new IOException("Kafka did not take the events: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** To every partition explicitly, keyed by the reporter: each partition's reader sees it behind the events. */
    @Override
    public Result publishWatermark(Watermark watermark) throws IOException {
        try {
            byte[] value = Json.MAPPER.writeValueAsBytes(watermark);
            var sent = new ArrayList<Future<RecordMetadata>>();
            for (PartitionInfo partition : producer.partitionsFor(topic)) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition.partition(), watermark.reporter(), value)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            return Result.DELIVERED;
        } catch (KafkaException e) {
            throw new IOException("Kafka did not take the watermark: " + e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new IOException("Kafka did not take the watermark: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public String describe() {
        return "kafka " + bootstrap + " topic " + topic;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
