package io.almengine.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Producers that are not Java's put a correctly keyed record on another partition than Java's
 * murmur2 would (librdkafka's default {@code consistent_random} hashes with CRC32, kafkajs'
 * {@code LegacyPartitioner} with its own murmur2 variant), and any producer may name a partition.
 * A connection's events must still meet in one task: its alarm raises and clears, and it never has
 * two active alarms.
 */
class PartitionRoutingTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final int PARTITIONS = 2;

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    /** librdkafka's {@code consistent} partitioner: CRC32 of the key. */
    public static final class Crc32Partitioner implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            var crc = new CRC32();
            crc.update(keyBytes);
            return (int) (crc.getValue() % cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    private static int javaPartitionOf(FlumeLink link) {
        return Utils.toPositive(Utils.murmur2(link.connectionId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static int crc32PartitionOf(FlumeLink link) {
        var crc = new CRC32();
        crc.update(link.connectionId().getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }

    private static KafkaProducer<String, byte[]> producer(Class<? extends Partitioner> partitioner) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        if (partitioner != null) {
            props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, partitioner);
        }
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one event keyed by its connection id, on {@code partition} (null: the producer's choice), and waits until applied. */
    private static void send(KafkaProducer<String, byte[]> producer, Integer partition, ConnectionEvent event)
            throws Exception {
        long before = harness.eventsApplied();
        producer.send(new ProducerRecord<>(harness.topics.connectionEvents(), partition, event.connectionId(),
                Json.MAPPER.writeValueAsBytes(event))).get();
        harness.awaitEventsApplied(before + 1);
    }

    private static long active(FlumeLink link) {
        return harness.alarmsOf(link).stream().filter(Alarm::active).count();
    }

    @Test
    void aReconnectOnAnotherPartitionClearsTheAlarmOfItsConnection() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        int right = javaPartitionOf(link);
        int wrong = (right + 1) % PARTITIONS;
        Instant t = harness.freshHour();
        try (var producer = producer(null)) {
            send(producer, right, link.disconnected(t));
            harness.clockAt(t.plus(WINDOW));
            Alarm raised = harness.awaitAlarm(link, Alarm::active);

            send(producer, wrong, link.connected(t.plus(WINDOW).plusSeconds(10)));
            Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
            assertEquals(raised.serialNo(), cleared.serialNo());
            assertEquals(ClearType.AUTO, cleared.clearType());

            // Down again, reported on the wrong partition this time: one new alarm, not a second one beside another.
            Instant again = t.plus(WINDOW).plusSeconds(20);
            send(producer, wrong, link.disconnected(again));
            harness.clockAt(again.plus(WINDOW));
            harness.awaitAlarm(link, a -> a.active() && a.serialNo() != raised.serialNo());
            assertEquals(1, active(link), "one connection, one active alarm: " + harness.alarmsOf(link));
            send(producer, right, link.connected(again.plus(WINDOW).plusSeconds(5)));
            EngineHarness.awaitEngine().until(() -> active(link) == 0);
        }
        assertEquals(List.of("raised", "cleared", "raised", "cleared"), changesOf(link));
    }

    @Test
    void eventsOfAProducerThatHashesLikeLibrdkafkaRaiseAndClearBesideAJavaProducers() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        while (crc32PartitionOf(link) == javaPartitionOf(link)) {
            link = FlumeLink.fresh();
        }
        FlumeLink split = link;
        assertNotEquals(crc32PartitionOf(split), javaPartitionOf(split));
        Instant t = harness.freshHour();
        try (var java = producer(null); var librdkafkaLike = producer(Crc32Partitioner.class)) {
            send(librdkafkaLike, null, split.disconnected(t));
            harness.clockAt(t.plus(WINDOW));
            Alarm raised = harness.awaitAlarm(split, Alarm::active);
            send(java, null, split.heartbeat(t.plus(WINDOW).plusSeconds(10)));
            Alarm cleared = harness.awaitAlarm(split, a -> !a.active());
            assertEquals(raised.serialNo(), cleared.serialNo());
            assertEquals(1, harness.alarmsOf(split).size(), harness.alarmsOf(split).toString());
        }
        assertTrue(harness.readRecords(harness.topics.rekeyedEvents()).stream()
                .anyMatch(r -> split.connectionId().equals(r.key())), "the misplaced event went through the rekey topic");
    }

    private static List<String> changesOf(FlumeLink link) {
        return harness.alarmEvents().stream()
                .filter(e -> e != null && link.connectionId().equals(e.get("connectionId")))
                .map(e -> (String) e.get("change")).toList();
    }
}
