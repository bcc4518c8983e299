package io.almengine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.Json;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.TestBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * An engine killed while its HTTP publisher was in the middle of a transaction leaves that
 * transaction open, and read-committed readers of the events topic (the pipeline) cannot read past
 * it. The restarted engine's publisher is the same instance and aborts it at once: its own events
 * are readable right away, not a minute later when the open transaction would time out.
 */
class EventPublisherRestartTest {

    @Test
    void aTransactionLeftOpenByAKilledPublisherDoesNotHoldUpTheEventsOfTheNextOne() throws Exception {
        String topic = "publisher-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all()
                    .get(30, TimeUnit.SECONDS);
        }
        String instance = UUID.randomUUID().toString();
        FlumeLink link = FlumeLink.fresh();

        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, EventPublisher.transactionalId(instance));
        var killed = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        try {
            // What the killed engine's publisher left: a transaction begun, an event sent, never ended.
            killed.initTransactions();
            killed.beginTransaction();
            killed.send(new ProducerRecord<>(topic, link.connectionId(),
                    Json.MAPPER.writeValueAsBytes(link.disconnected(Instant.now())))).get();

            try (var restarted = new EventPublisher(TestBroker.bootstrap(), topic, instance)) {
                restarted.publish(List.of(link.connected(Instant.now())));
            }
            assertEquals(List.of("CONNECTED"), committedTypes(topic, Duration.ofSeconds(5)),
                    "the restarted publisher's event, readable at once; the killed one's aborted");
        } finally {
            killed.close(Duration.ZERO);
        }
    }

    /** The types of the committed events on the topic's partition, read for at most {@code within}. */
    private static List<String> committedTypes(String topic, Duration within) throws Exception {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var types = new ArrayList<String>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + within.toNanos();
            while (types.isEmpty() && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    types.add(Json.MAPPER.readTree(record.value()).path("type").asText());
                }
            }
        }
        return types;
    }
}
