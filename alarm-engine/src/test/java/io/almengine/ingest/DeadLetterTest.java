package io.almengine.ingest;

import static io.almengine.testing.PipelineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.Json;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records on the events topic that are not valid events go to the dead-letter topic as they came,
 * with the reason and where they came from; the pipeline carries on. Records keyed by something
 * other than their connection id are still processed, on the right connection.
 */
class DeadLetterTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final int MAX_EVENT_BYTES = 64 * 1024;

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    private static String uniqueKey(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Object event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertNotNull(header, "header " + name + " on the dead letter keyed " + record.key());
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Waits for the dead letter with this key and checks what every dead letter must carry. */
    private static ConsumerRecord<String, byte[]> awaitDeadLetter(String key, byte[] original) {
        ConsumerRecord<String, byte[]> letter = await().atMost(Duration.ofSeconds(30)).until(
                () -> harness.readRecords(harness.topics.deadLetters()).stream()
                        .filter(r -> Objects.equals(key, r.key())).findFirst().orElse(null),
                Objects::nonNull);
        assertArrayEquals(original, letter.value(), "the original bytes, untouched");
        assertTrue(header(letter, "alm.origin").matches(
                        java.util.regex.Pattern.quote(harness.topics.connectionEvents()) + "/\\d+@\\d+"),
                "origin is topic/partition@offset: " + header(letter, "alm.origin"));
        return letter;
    }

    private static String sendAndAwaitReason(String key, byte[] value) {
        harness.sendRaw(key, value);
        return header(awaitDeadLetter(key, value), "alm.reason");
    }

    @Test
    void malformedJsonIsDeadLetteredAsItCame() {
        String reason = sendAndAwaitReason(uniqueKey("malformed"), utf8("{\"type\":\"DISCONNECTED\", \"time\": "));
        assertTrue(reason.startsWith("event: not valid JSON"), reason);
    }

    @Test
    void twoEventsInOneRecordAreDeadLetteredNotHalfRead() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        byte[] value = utf8(EventJson.of(link.disconnected(t)).json() + "\n" + EventJson.of(link.connected(t)).json());
        String reason = sendAndAwaitReason(link.connectionId(), value);
        assertTrue(reason.startsWith("event: not valid JSON"), reason);
        harness.clockAt(t.plus(WINDOW));
        assertEquals(List.of(), harness.alarmsOf(link), "the first half was not taken as an event");
    }

    @Test
    void anEventMissingFieldsIsDeadLetteredNamingEachOne() {
        FlumeLink link = FlumeLink.fresh();
        byte[] value = EventJson.of(link.disconnected(T0)).without("time", "clientIp", "serverPort").bytes();
        String reason = sendAndAwaitReason(link.connectionId(), value);
        assertTrue(reason.contains("time: is required"), reason);
        assertTrue(reason.contains("clientIp: is required"), reason);
        assertTrue(reason.contains("serverPort: is required for component 'flume'"), reason);
    }

    @Test
    void anUnknownTypeIsDeadLettered() {
        FlumeLink link = FlumeLink.fresh();
        byte[] value = EventJson.of(link.disconnected(T0)).with("type", "RECONNECTING").bytes();
        String reason = sendAndAwaitReason(link.connectionId(), value);
        assertTrue(reason.contains("type: unknown type 'RECONNECTING'"), reason);
    }

    @Test
    void anEventOverSixtyFourKibibytesIsDeadLettered() {
        FlumeLink link = FlumeLink.fresh();
        byte[] value = EventJson.of(link.disconnected(T0))
                .with("attributes", Map.of("pad", "x".repeat(MAX_EVENT_BYTES))).bytes();
        assertTrue(value.length > MAX_EVENT_BYTES);
        String reason = sendAndAwaitReason(link.connectionId(), value);
        assertEquals("event: " + value.length + " bytes, more than the limit of " + MAX_EVENT_BYTES, reason);
    }

    @Test
    void processingGoesOnAfterBadRecords() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        String notJson = uniqueKey("garbage");
        harness.sendRaw(notJson, utf8("\u0000\u0001 not an event"));
        harness.sendRaw(link.connectionId(), utf8("{}"));
        harness.sendRaw(link.connectionId(), EventJson.of(link.disconnected(t)).with("type", "DOWN").bytes());

        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(WINDOW));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        assertEquals(t.plus(WINDOW), alarm.occurredAt());
        awaitDeadLetter(notJson, utf8("\u0000\u0001 not an event"));
        long letters = harness.readRecords(harness.topics.deadLetters()).stream()
                .filter(r -> link.connectionId().equals(r.key())).count();
        assertEquals(2, letters, "both bad records of this connection are dead letters, the good one is not");
    }

    @Test
    void anEventKeyedByHostIsRekeyedAndRaisesOnItsOwnConnection() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        long applied = harness.eventsApplied();
        harness.sendRaw("some-host", bytes(link.disconnected(t)));
        harness.awaitEventsApplied(applied + 1);

        harness.clockAt(t.plus(WINDOW));
        Alarm raised = harness.awaitAlarm(link, Alarm::active);
        assertEquals(link.connectionId(), raised.connectionId());
        assertEquals(t.plus(WINDOW), raised.occurredAt());

        // An unkeyed reconnect lands on the same connection's state and clears that alarm.
        harness.sendRaw(null, bytes(link.heartbeat(t.plus(WINDOW).plusSeconds(30))));
        Alarm cleared = harness.awaitAlarm(link, a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(1, harness.alarmsOf(link).size());

        List<ConsumerRecord<String, byte[]>> rekeyed = harness.readRecords(harness.topics.rekeyedEvents()).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(link.clientIp())).toList();
        assertEquals(2, rekeyed.size(), "both events went round once through the rekey topic");
        rekeyed.forEach(r -> assertEquals(link.connectionId(), r.key()));
        assertTrue(harness.readRecords(harness.topics.deadLetters()).stream()
                .noneMatch(r -> "some-host".equals(r.key()) || r.key() == null && r.value() != null
                        && new String(r.value(), StandardCharsets.UTF_8).contains(link.clientIp())),
                "a wrong key is not a reason to dead-letter a valid event");
    }

    @Test
    void aTombstoneWithoutAKeyIsDeadLettered() {
        harness.sendRaw(null, null);
        ConsumerRecord<String, byte[]> letter = await().atMost(Duration.ofSeconds(30)).until(
                () -> harness.readRecords(harness.topics.deadLetters()).stream()
                        .filter(r -> r.key() == null && r.value() == null).findFirst().orElse(null),
                Objects::nonNull);
        assertTrue(header(letter, "alm.reason").contains("tombstone without a key"), header(letter, "alm.reason"));
    }

    @Test
    void aLoneSurrogateIsDeadLetteredNamingItsFieldNotRekeyed() {
        // Written as a Kafka key, U+D800 became '?', so the record never carried its own connection id.
        FlumeLink link = FlumeLink.fresh();
        byte[] escaped = utf8(EventJson.of(link.disconnected(T0)).with("clientName", "@@").json()
                .replace("\"@@\"", "\"client-\\ud800\""));
        String reason = sendAndAwaitReason(uniqueKey("escaped-surrogate"), escaped);
        assertTrue(reason.startsWith("clientName: ") && reason.contains("lone surrogate"), reason);

        byte[] json = utf8(EventJson.of(link.disconnected(T0)).with("clientName", "c@@").json());
        int at = new String(json, StandardCharsets.ISO_8859_1).indexOf("@@");
        byte[] raw = java.util.Arrays.copyOf(json, json.length + 1);
        raw[at] = (byte) 0xED;
        raw[at + 1] = (byte) 0xA0;
        raw[at + 2] = (byte) 0x80;
        System.arraycopy(json, at + 2, raw, at + 3, json.length - at - 2);
        String rawReason = sendAndAwaitReason(uniqueKey("raw-surrogate"), raw);
        assertTrue(rawReason.startsWith("clientName: ") && rawReason.contains("not valid UTF-8"), rawReason);
        assertTrue(harness.readRecords(harness.topics.rekeyedEvents()).stream()
                        .noneMatch(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8)
                                .contains(link.clientIp())),
                "nothing of it went to the rekey topic");
    }

    @Test
    void aDisconnectBefore1970IsDeadLetteredNotKeptForEver() {
        FlumeLink link = FlumeLink.fresh();
        byte[] value = bytes(link.disconnected(Instant.parse("1969-12-31T23:59:00Z")));
        String reason = sendAndAwaitReason(link.connectionId(), value);
        assertTrue(reason.startsWith("time: ") && reason.contains("1970"), reason);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsMentioning(String topic, String text) {
        return harness.readRecords(topic).stream()
                .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(text)).toList();
    }

    @Test
    void producerHeadersNamedLikeTheEnginesAreRenamedSoTheFirstReasonIsTheEngines() {
        String key = uniqueKey("spoofed-headers");
        var headers = new RecordHeaders()
                .add("alm.reason", utf8("all fine, nothing to see"))
                .add("alm.origin", utf8("somewhere else"))
                .add("alm.custom", utf8("mine"))
                .add("trace-id", utf8("t-42"));
        harness.produce(new ProducerRecord<>(harness.topics.connectionEvents(), null, key, utf8("{}"), headers));

        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(key, utf8("{}"));
        Header firstReason = letter.headers().headers("alm.reason").iterator().next();
        assertTrue(new String(firstReason.value(), StandardCharsets.UTF_8).contains("type: is required"),
                "the first alm.reason is the engine's: " + new String(firstReason.value(), StandardCharsets.UTF_8));
        assertEquals(1, StreamSupport.stream(letter.headers().headers("alm.reason").spliterator(), false).count());
        assertEquals(1, StreamSupport.stream(letter.headers().headers("alm.origin").spliterator(), false).count());
        assertEquals("all fine, nothing to see", header(letter, "producer.alm.reason"));
        assertEquals("somewhere else", header(letter, "producer.alm.origin"));
        assertEquals("mine", header(letter, "producer.alm.custom"));
        assertEquals("t-42", header(letter, "trace-id"), "other producer headers are kept as they came");
    }

    @Test
    void aRecordOnTheRekeyTopicThatStillDoesNotBelongIsDeadLetteredNotRekeyedAgain() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        String stranger = uniqueKey("not-its-connection");
        harness.produce(new ProducerRecord<>(harness.topics.rekeyedEvents(), stranger, bytes(link.disconnected(t))));

        ConsumerRecord<String, byte[]> letter = await().atMost(Duration.ofSeconds(30)).until(
                () -> harness.readRecords(harness.topics.deadLetters()).stream()
                        .filter(r -> stranger.equals(r.key())).findFirst().orElse(null), Objects::nonNull);
        assertTrue(header(letter, "alm.reason").contains("rekey topic"), header(letter, "alm.reason"));
        assertTrue(header(letter, "alm.origin").startsWith(harness.topics.rekeyedEvents() + "/"),
                header(letter, "alm.origin"));
        assertEquals(1, recordsMentioning(harness.topics.rekeyedEvents(), link.clientIp()).size(),
                "only the stranger's own record: nothing went round again");
    }

    @Test
    void anEventWhoseConnectionIdCannotBeAKeyGoesRoundOnceAtMostAndIsDeadLettered() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        // A lone surrogate: its Kafka key is written with '?', so the key read back never equals the id.
        String json = EventJson.of(link.disconnected(t)).json()
                .replace("\"" + link.clientName() + "\"", "\"" + link.clientName() + "\\ud800\"");
        assertTrue(json.contains("\\ud800"), json);
        harness.sendRaw(uniqueKey("some-host"), utf8(json));

        await().atMost(Duration.ofSeconds(30)).until(
                () -> !recordsMentioning(harness.topics.deadLetters(), link.clientIp()).isEmpty());
        // Later traffic is applied, and by then a looping record would have gone round many times.
        FlumeLink other = FlumeLink.fresh();
        harness.send(other.connected(t));
        harness.send(other.heartbeat(t.plusSeconds(1)));
        assertTrue(recordsMentioning(harness.topics.rekeyedEvents(), link.clientIp()).size() <= 1,
                "at most one trip through the rekey topic");
        assertEquals(1, recordsMentioning(harness.topics.deadLetters(), link.clientIp()).size());
    }
}
