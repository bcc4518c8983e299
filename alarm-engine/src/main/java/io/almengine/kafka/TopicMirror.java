package io.almengine.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole (compacted) topic from the beginning, or only what arrives from now on, and keeps
 * following it, handing every committed record to a callback on one thread. Every engine instance
 * runs one per topic it must know in full, so any instance can answer for the whole fleet.
 */
public final class TopicMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicMirror.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final BiConsumer<String, byte[]> onRecord;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private final boolean fromBeginning;
    private volatile boolean running = true;

    /** Mirrors the whole topic. */
    private static final Duration METADATA_WAIT = Duration.ofSeconds(60);

    public TopicMirror(String bootstrap, String topic, BiConsumer<String, byte[]> onRecord) {
        this(bootstrap, topic, onRecord, true);
    }

    /** {@code fromBeginning == false}: only records written after the mirror has started. */
    public TopicMirror(String bootstrap, String topic, BiConsumer<String, byte[]> onRecord, boolean fromBeginning) {
        this.topic = topic;
        this.fromBeginning = fromBeginning;
        this.onRecord = onRecord;
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "alm-mirror-" + topic);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "mirror-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicMirror start() {
        thread.start();
        return this;
    }

    /** Waits until everything that was in the topic when the mirror started has been handed over. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                end.forEach(consumer::seek);
            }
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        onRecord.accept(record.key(), record.value());
                    } catch (RuntimeException e) {
                        LOG.warn("{}: skipped record {}@{}: {}", topic, record.partition(), record.offset(),
                                e.getMessage());
                    }
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("mirror of {} stopped", topic, e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The topic's partitions. A topic created a moment ago may not be in the metadata the broker
     * hands out yet, which answers an empty list rather than an error: ask again until it is.
     */
    private List<TopicPartition> partitions() {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions after " + METADATA_WAIT);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
