package io.almengine.testing;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: what any producer or downstream consumer of the engine does. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /** Publishes events keyed by connection id, as a producer following the contract does. */
    public static void produce(String bootstrap, String topic, ConnectionEvent... events) {
        try (var producer = producer(bootstrap)) {
            for (ConnectionEvent event : events) {
                producer.send(record(topic, event)).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic, e);
        }
    }

    /** A producer with Java's default partitioner, for tests that send many events over time. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The event as a record keyed by its connection id, as the contract asks of producers. */
    public static ProducerRecord<String, byte[]> record(String topic, ConnectionEvent event) {
        try {
            return new ProducerRecord<>(topic, event.connectionId(), Json.MAPPER.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every committed record of a topic, values read as JSON objects (null for tombstones). */
    public static List<Map<String, Object>> readAll(String bootstrap, String topic) {
        return readAllTimed(bootstrap, topic).stream().map(Timed::value).collect(Collectors.toList());
    }

    /** A record's JSON value (null for a tombstone) and the record's timestamp. */
    public record Timed(long timestamp, Map<String, Object> value) {
    }

    /**
     * Every committed record of a topic with its timestamp: the time of writing, which orders records
     * of different partitions written by one process.
     */
    public static List<Timed> readAllTimed(String bootstrap, String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var out = new ArrayList<Timed>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(new Timed(r.timestamp(), r.value() == null ? null : json(r.value())));
                }
            }
        }
        return out;
    }

    /** Records of {@code topics} that the consumer group {@code group} has not committed yet. */
    public static long lag(String bootstrap, String group, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            var request = new HashMap<TopicPartition, OffsetSpec>();
            admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS).forEach((topic, d) ->
                    d.partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            long lag = 0;
            for (var end : admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet()) {
                var done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] value) {
        try {
            return Json.MAPPER.readValue(value, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
