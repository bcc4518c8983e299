package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.ingest.EventJson;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.TestBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record whose output the engine cannot write (here a valid event of 1.5 MB, allowed by a raised
 * event limit, that must go through the rekey topic) fails its transaction whatever a handler
 * answers. It is skipped when read again, counted, and the pipeline goes on; the thread failure it
 * takes to get there does not count towards stopping the pipeline.
 */
class UnwritableOutputTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness().configure(c -> c.maxEventBytes(4 * 1024 * 1024));

    @Test
    void aRecordWhoseOutputCannotBeWrittenIsSkippedAndTheRestFlows() throws Exception {
        Instant t = harness.freshHour();
        FlumeLink huge = FlumeLink.fresh();
        byte[] value = EventJson.of(huge.disconnected(t)).with("attributes", Map.of("pad", "x".repeat(1_500_000)))
                .bytes();
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // Keyed by host: it must be re-keyed, and 1.5 MB is more than the engine's producer writes.
            producer.send(new ProducerRecord<>(harness.topics.connectionEvents(), "some-host", value)).get();
        }

        // Skipping it takes a stream thread's failure and replacement: its uncaught exception is expected.
        EngineHarness.awaitEngine().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).until(() ->
                ((Number) harness.engine().health().details().get("recordErrors")).longValue() >= 1);

        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(t.plus(WINDOW).plusSeconds(10)));
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());

        Map<String, Object> health = harness.engine().health().details();
        assertTrue(((Number) health.get("recordErrors")).longValue() >= 1, "counted: " + health);
        assertEquals(0, ((Number) health.get("threadFailures")).intValue(), "not a failure of the pipeline: " + health);
        assertEquals(java.util.List.of(), harness.alarmsOf(huge), "the skipped event had no effect");
    }
}
