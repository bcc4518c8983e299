package io.almengine.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * A dead letter always fits in one record the engine can write: what does not fit is cut, and the
 * letter says what and identifies the value as it came. The engine's headers are the only ones
 * with its names.
 */
class DeadLetterFitTest {

    private static byte[] bytes(int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) ('a' + i % 26);
        }
        return out;
    }

    private static String header(DeadLetter letter, String name) {
        Header header = letter.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> names(Headers headers) {
        return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
    }

    @Test
    void aLetterThatFitsKeepsEverythingAsItCame() {
        var produced = new RecordHeaders().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        DeadLetter letter = DeadLetter.of("k".getBytes(StandardCharsets.UTF_8), bytes(500_000), produced,
                "event: not valid JSON", "alm.connection-events/0@7");
        assertArrayEquals(bytes(500_000), letter.value());
        assertEquals(List.of("alm.reason", "alm.origin", "trace-id"), names(letter.headers()));
        assertNull(header(letter, DeadLetter.TRUNCATED_HEADER));
    }

    @Test
    void aValueTooLargeIsCutWithItsSizeAndHashAndTheLetterFits() throws Exception {
        byte[] value = bytes(2_000_000);
        DeadLetter letter = DeadLetter.of("key".getBytes(StandardCharsets.UTF_8), value, new RecordHeaders(),
                "event: 2000000 bytes, more than the limit of 65536", "alm.connection-events/1@3");
        assertTrue(letter.size() <= DeadLetter.MAX_BYTES, "size " + letter.size());
        assertTrue(letter.value().length > DeadLetter.MAX_BYTES - 2_000, "keeps what fits: " + letter.value().length);
        assertArrayEquals(Arrays.copyOf(value, letter.value().length), letter.value(), "the beginning, as it came");
        assertEquals("2000000", header(letter, DeadLetter.ORIGINAL_SIZE_HEADER));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)),
                header(letter, DeadLetter.ORIGINAL_SHA256_HEADER));
        assertEquals("value: first " + letter.value().length + " of 2000000 bytes kept",
                header(letter, DeadLetter.TRUNCATED_HEADER));
    }

    @Test
    void hugeProducerHeadersAndKeyAreLeftOutOrCutSoTheValueStillFits() {
        var produced = new RecordHeaders().add("blob", bytes(900_000)).add("trace-id", "t".getBytes());
        DeadLetter letter = DeadLetter.of(bytes(100_000), bytes(300_000), produced, "reason", "origin");
        assertTrue(letter.size() <= DeadLetter.MAX_BYTES, "size " + letter.size());
        assertEquals(DeadLetter.MAX_KEY_BYTES, letter.key().length);
        assertArrayEquals(bytes(300_000), letter.value(), "the value is what matters, whole when it can be");
        assertEquals("key: first 65536 of 100000 bytes kept; 2 producer headers (900037 bytes) left out",
                header(letter, DeadLetter.TRUNCATED_HEADER));
        assertNull(letter.headers().lastHeader("blob"));
    }

    @Test
    void producerHeadersNamedLikeTheEnginesAreRenamedAndTheEnginesComeFirst() {
        var produced = new RecordHeaders()
                .add("alm.reason", "the producer's reason".getBytes(StandardCharsets.UTF_8))
                .add("alm.origin", "the producer's origin".getBytes(StandardCharsets.UTF_8))
                .add("alm.anything", "x".getBytes(StandardCharsets.UTF_8));
        DeadLetter letter = DeadLetter.of(null, "{}".getBytes(StandardCharsets.UTF_8), produced, "type: is required",
                "alm.connection-events/0@1");
        assertEquals(List.of("alm.reason", "alm.origin", "producer.alm.reason", "producer.alm.origin",
                "producer.alm.anything"), names(letter.headers()));
        assertEquals("type: is required", header(letter, "alm.reason"));
        assertEquals("the producer's reason", header(letter, "producer.alm.reason"));
    }

    @Test
    void aReasonOfAnyLengthIsShortened() {
        DeadLetter letter = DeadLetter.of(null, null, new RecordHeaders(), "x".repeat(1_000_000), "origin");
        assertTrue(header(letter, "alm.reason").endsWith("… (1000000 characters)"));
        assertTrue(letter.size() < 3_000, "size " + letter.size());
    }
}
