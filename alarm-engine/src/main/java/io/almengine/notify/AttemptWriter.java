package io.almengine.notify;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each attempt to the attempts topic and returns once the broker has it (all replicas): the
 * durable record that a message went, taken before the receiver's next message. Outside any
 * transaction on purpose: a send is not undone when a transaction aborts, so neither is its record.
 * While Kafka is away it keeps trying (the stage sends nothing more to that receiver meanwhile).
 */
public final class AttemptWriter implements Consumer<Attempt>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptWriter.class);
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private volatile boolean closed;

    public AttemptWriter(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void accept(Attempt attempt) {
        byte[] value;
        try {
            value = Json.MAPPER.writeValueAsBytes(attempt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        while (!closed) {
            try {
                producer.send(new ProducerRecord<>(topic, attempt.receiver(), value)).get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                LOG.warn("cannot record attempt {} of {} yet, trying again: {}", attempt.attempt(), attempt.id(),
                        e.toString());
                try {
                    Thread.sleep(PAUSE.toMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        producer.close(Duration.ofSeconds(5));
    }
}
