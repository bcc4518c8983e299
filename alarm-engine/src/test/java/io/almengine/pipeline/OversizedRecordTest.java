package io.almengine.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.TestBroker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the broker accepts but the engine's own producer cannot write back whole: a value just
 * under the broker's 1 MiB limit (its dead letter, with the engine's headers, is over the
 * producer's), and a gzip-compressed value of 2 MB (tiny on the wire, 2 MB once read). They once
 * stopped the pipeline for good. Now each is dead-lettered, cut to what fits and identified by its
 * size and hash, and the next event still raises and clears.
 */
class OversizedRecordTest {

    /** The largest value a default producer sends and a default broker takes. */
    private static final int JUST_UNDER_THE_BROKER_LIMIT = 1_048_400;
    private static final int COMPRESSED_SIZE = 2_000_000;
    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final int MAX_DEAD_LETTER_BYTES = 1_000_000;

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    private static KafkaProducer<String, byte[]> producer(String compression) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        // The producer checks the uncompressed size; the broker the compressed batch.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] filler(int size) {
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        value[0] = '{';
        return value;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertNotNull(header, "header " + name + " on the dead letter keyed " + record.key());
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        return EngineHarness.awaitEngine().atMost(Duration.ofSeconds(60)).until(
                () -> harness.readRecords(harness.topics.deadLetters()).stream()
                        .filter(r -> Objects.equals(key, r.key())).findFirst().orElse(null),
                Objects::nonNull);
    }

    private static void assertCutDeadLetterOf(String key, byte[] original) throws Exception {
        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(key);
        assertTrue(letter.value().length <= MAX_DEAD_LETTER_BYTES, "at most what fits: " + letter.value().length);
        assertTrue(letter.value().length > MAX_DEAD_LETTER_BYTES - 10_000, "what fits: " + letter.value().length);
        assertArrayEquals(Arrays.copyOf(original, letter.value().length), letter.value(), "the beginning, as it came");
        assertEquals(Integer.toString(original.length), header(letter, "alm.original-size"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(original)),
                header(letter, "alm.original-sha256"));
        assertEquals("event: " + original.length + " bytes, more than the limit of 65536", header(letter, "alm.reason"));
    }

    private static long deadLetters() {
        Object count = harness.engine().health().details().get("deadLetters");
        return count == null ? -1 : ((Number) count).longValue();
    }

    @Test
    void recordsTooLargeToWriteBackAreDeadLetteredCutAndTheNextEventStillRaisesAndClears() throws Exception {
        String plainKey = "just-under-the-limit-" + UUID.randomUUID();
        String gzipKey = "gzip-compressed-" + UUID.randomUUID();
        byte[] plain = filler(JUST_UNDER_THE_BROKER_LIMIT);
        byte[] compressed = filler(COMPRESSED_SIZE);
        long lettersBefore = deadLetters();
        try (var none = producer("none"); var gzip = producer("gzip")) {
            none.send(new ProducerRecord<>(harness.topics.connectionEvents(), plainKey, plain)).get();
            gzip.send(new ProducerRecord<>(harness.topics.connectionEvents(), gzipKey, compressed)).get();
        }

        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(t.plus(WINDOW).plusSeconds(10)));
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());

        assertCutDeadLetterOf(plainKey, plain);
        assertCutDeadLetterOf(gzipKey, compressed);
        assertTrue(deadLetters() >= lettersBefore + 2, "dead letters are counted in health");
        assertEquals("UP", harness.engine().health().details().get("status"), harness.engine().health().toString());
    }
}
