package io.almengine.ingest;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event contract as {@link EventParser} enforces it: no Kafka, the shipped definitions, a fixed clock. */
class EventParserTest {

    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final int MAX_EVENT_BYTES = 64 * 1024;

    private static EventParser parser;
    /** On port 21154, which the tests of number forms below rewrite in the event's JSON. */
    private final FlumeLink link = onPort21154(FlumeLink.fresh());

    private static FlumeLink onPort21154(FlumeLink f) {
        return new FlumeLink(f.source(), f.clientIp(), f.clientName(), f.sinkName(), f.serverHost(), 21154);
    }

    @BeforeAll
    static void loadDefinitions() {
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        parser = new EventParser(catalog, new MutableClock(T0), SKEW, MAX_EVENT_BYTES);
    }

    private EventJson disconnect() {
        return EventJson.of(link.disconnected(T0.minusSeconds(60)));
    }

    private static ConnectionEvent valid(EventJson json) {
        ParseResult result = parser.parse(json.bytes());
        if (result instanceof ParseResult.Invalid invalid) {
            throw new AssertionError("expected a valid event, got " + invalid.problems());
        }
        return ((ParseResult.Valid) result).event();
    }

    private static List<String> problems(byte[] bytes) {
        return assertInstanceOf(ParseResult.Invalid.class, parser.parse(bytes)).problems();
    }

    private static List<String> problems(EventJson json) {
        return problems(json.bytes());
    }

    /** Exactly one problem per named field, each starting with that field's name. */
    private static void assertProblemsNameExactly(List<String> problems, String... fields) {
        assertEquals(fields.length, problems.size(), "one problem per bad field: " + problems);
        for (String field : fields) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(field + ": ")),
                    "a problem naming '" + field + "' in " + problems);
        }
    }

    @Test
    void aValidEventReadsBackAsTheSameEvent() {
        ConnectionEvent sent = link.heartbeat(T0.minusSeconds(1));
        assertEquals(sent, valid(EventJson.of(sent)));
    }

    @Test
    void everyBadFieldIsReportedInOneAnswer() {
        EventJson bad = disconnect()
                .with("type", "UP")
                .with("time", "yesterday")
                .without("source")
                .with("clientIp", 10)
                .with("clientName", "agent|1")
                .with("serverPort", 70000)
                .with("attributes", Map.of("rack", Map.of("row", 1), "zone", "z1"));
        List<String> problems = problems(bad);
        assertProblemsNameExactly(problems, "type", "time", "source", "clientIp", "clientName", "serverPort",
                "attributes.rack");
        assertTrue(problems.contains("source: is required"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("type: unknown type 'UP'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("must not contain '|'")), problems.toString());
    }

    @Test
    void anEmptyObjectNamesEveryRequiredField() {
        assertProblemsNameExactly(problems(EventJson.empty()), "type", "time", "component", "source", "clientIp");
    }

    @Test
    void portComponentsNeedTheirServerSide() {
        List<String> problems = problems(disconnect().without("serverHost", "serverPort"));
        assertProblemsNameExactly(problems, "serverHost", "serverPort");
        assertTrue(problems.contains("serverPort: is required for component 'flume'"), problems.toString());
    }

    @Test
    void wrongJsonTypesAreNamed() {
        List<String> problems = problems(disconnect()
                .with("clientIp", 10)
                .with("serverPort", "21154")
                .with("attributes", Map.of("rack", Map.of("row", 1))));
        assertProblemsNameExactly(problems, "clientIp", "serverPort", "attributes.rack");
        assertTrue(problems.contains("clientIp: must be a string, not number"), problems.toString());
        assertTrue(problems.contains("attributes.rack: must be a string, not object"), problems.toString());
        assertProblemsNameExactly(problems(disconnect().with("attributes", List.of("a"))), "attributes");
        assertProblemsNameExactly(problems(disconnect().with("serverPort", 21154.5)), "serverPort");
    }

    @Test
    void portsOutsideOneTo65535AreRejected() {
        assertProblemsNameExactly(problems(disconnect().with("serverPort", 0)), "serverPort");
        assertProblemsNameExactly(problems(disconnect().with("serverPort", 65536)), "serverPort");
        assertProblemsNameExactly(problems(disconnect().with("serverPort", -1)), "serverPort");
        assertEquals(65535, valid(disconnect().with("serverPort", 65535)).serverPort());
        assertEquals(1, valid(disconnect().with("serverPort", 1)).serverPort());
    }

    @Test
    void blankAndOverlongTextIsRejected() {
        assertTrue(problems(disconnect().with("source", "  ")).contains("source: must not be blank"));
        assertProblemsNameExactly(problems(disconnect().with("sinkName", "s".repeat(257))), "sinkName");
        assertEquals("s".repeat(256), valid(disconnect().with("sinkName", "s".repeat(256))).sinkName());
    }

    @Test
    void anUnknownComponentNamesTheKnownOnes() {
        List<String> problems = problems(disconnect().with("component", "kafka"));
        assertProblemsNameExactly(problems, "component");
        assertTrue(problems.get(0).contains("'kafka'") && problems.get(0).contains("flume"), problems.toString());
    }

    @Test
    void typesAreTheThreeOfTheContractExactly() {
        for (EventType type : EventType.values()) {
            assertEquals(type, valid(disconnect().with("type", type.name())).type());
        }
        assertProblemsNameExactly(problems(disconnect().with("type", "connected")), "type");
    }

    @Test
    void isoInstantsWithAnOffsetAreAccepted() {
        assertEquals(Instant.parse("2026-11-20T07:00:00Z"),
                valid(disconnect().with("time", "2026-11-20T09:00:00+02:00")).time());
        assertEquals(Instant.parse("2026-11-20T07:59:30.250Z"),
                valid(disconnect().with("time", "2026-11-20T07:59:30.250Z")).time());
    }

    @Test
    void timesWithoutAnOffsetOrNotInstantsAreRejected() {
        for (String time : List.of("2026-11-20T08:00:00", "2026-11-20", "1795161600", "20/11/2026 08:00")) {
            List<String> problems = problems(disconnect().with("time", time));
            assertProblemsNameExactly(problems, "time");
            assertTrue(problems.get(0).contains("ISO-8601"), problems.toString());
        }
        assertProblemsNameExactly(problems(disconnect().with("time", 1795161600)), "time");
    }

    @Test
    void eventsFurtherAheadThanTheSkewLimitAreRejected() {
        assertEquals(T0.plus(SKEW), valid(disconnect().with("time", T0.plus(SKEW).toString())).time(),
                "exactly at the limit is fine");
        List<String> problems = problems(disconnect().with("time", T0.plus(SKEW).plusSeconds(1).toString()));
        assertEquals(List.of("time: is more than PT5M ahead of the engine's clock"), problems);
        assertEquals(T0.minus(Duration.ofDays(30)),
                valid(disconnect().with("time", T0.minus(Duration.ofDays(30)).toString())).time(),
                "old events are the detector's business, not the parser's");
    }

    @Test
    void optionalFieldsAbsentOrNullBecomeEmptyStrings() {
        ConnectionEvent absent = valid(disconnect().without("clientName", "sinkName", "attributes"));
        assertEquals("", absent.clientName());
        assertEquals("", absent.sinkName());
        assertEquals(Map.of(), absent.attributes());
        assertEquals("cluster-a|flume|127.0.0.1:21154|" + link.clientIp() + "||", absent.connectionId());

        ConnectionEvent nulls = valid(disconnect().with("clientName", null).with("sinkName", null)
                .with("attributes", null));
        assertEquals(absent, nulls);
    }

    @Test
    void attributesAreCarriedAsGiven() {
        assertEquals(Map.of("rack", "r7", "zone", "z1"),
                valid(disconnect().with("attributes", Map.of("rack", "r7", "zone", "z1"))).attributes());
    }

    @Test
    void notJsonOrNotAnObjectIsOneProblemAboutTheEvent() {
        List<String> malformed = problems("{\"type\": ".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, malformed.size());
        assertTrue(malformed.get(0).startsWith("event: not valid JSON"), malformed.toString());
        assertEquals(List.of("event: must be a JSON object"), problems("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("event: must be a JSON object"), problems("42".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anythingAfterTheEventIsAnErrorNotSilentlyDropped() {
        String event = disconnect().json();
        for (String text : List.of(event + event, event + "\n" + event, event + " trailing", event + "}")) {
            List<String> problems = problems(text.getBytes(StandardCharsets.UTF_8));
            assertEquals(1, problems.size(), text);
            assertTrue(problems.get(0).startsWith("event: not valid JSON"), problems.toString());
        }
        assertInstanceOf(ParseResult.Valid.class, parser.parse((event + "\n  ").getBytes(StandardCharsets.UTF_8)),
                "trailing whitespace is fine");
    }

    @Test
    void anEmptyBodyIsSaidToBeEmpty() throws Exception {
        List<ParseResult> results = parser.parseBatch(new byte[0]);
        assertEquals(List.of("body: empty"), assertInstanceOf(ParseResult.Invalid.class, results.get(0)).problems());
        assertEquals(List.of("body: empty"), assertInstanceOf(ParseResult.Invalid.class,
                parser.parseBatch(" \n".getBytes(StandardCharsets.UTF_8)).get(0)).problems());
    }

    @Test
    void anEventOverTheSizeLimitIsRejectedBeforeItIsRead() {
        byte[] big = disconnect().with("attributes", Map.of("pad", "x".repeat(MAX_EVENT_BYTES))).bytes();
        List<String> problems = problems(big);
        assertEquals(List.of("event: " + big.length + " bytes, more than the limit of " + MAX_EVENT_BYTES), problems);
    }

    @Test
    void aBatchNamesEachProblemWithItsPosition() throws Exception {
        String body = EventJson.array(disconnect(), disconnect().without("time").with("serverPort", "x"), disconnect());
        List<ParseResult> results = parser.parseBatch(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(3, results.size());
        assertInstanceOf(ParseResult.Valid.class, results.get(0));
        assertInstanceOf(ParseResult.Valid.class, results.get(2));
        List<String> problems = assertInstanceOf(ParseResult.Invalid.class, results.get(1)).problems();
        assertProblemsNameExactly(problems, "[1].time", "[1].serverPort");

        assertEquals(1, parser.parseBatch(disconnect().bytes()).size(), "one object is a batch of one");
        assertThrows(JsonProcessingException.class, () -> parser.parseBatch("[{".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonProcessingException.class, () -> parser.parseBatch(
                (EventJson.array(disconnect()) + EventJson.array(disconnect())).getBytes(StandardCharsets.UTF_8)),
                "a second array after the first is not ignored");
    }

    @Test
    void theStreamingPassAndTheTreeReadEveryEventAlike() throws Exception {
        // Valid events take the streaming pass; the tree is the reference for what they mean.
        var random = new java.util.Random(11);
        List<Object> values = java.util.Arrays.asList(null, "", "  ", "a|b", "x".repeat(300), "v", 7, 0, 70000,
                21154, 3.5, Map.of("rack", "r1"), Map.of("n", 1), List.of("a"), true);
        List<String> fields = List.of("type", "time", "component", "source", "clientIp", "clientName", "sinkName",
                "serverHost", "serverPort", "attributes", "extra");
        int valid = 0;
        for (int i = 0; i < 5_000; i++) {
            EventJson json = EventJson.of(link.event(EventType.values()[random.nextInt(3)],
                    T0.minusSeconds(random.nextInt(100_000)).plusNanos(random.nextInt(1_000_000_000))));
            int changes = random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                String field = fields.get(random.nextInt(fields.size()));
                json = random.nextInt(4) == 0 ? json.without(field)
                        : json.with(field, values.get(random.nextInt(values.size())));
            }
            ParseResult streamed = parser.parse(json.bytes());
            ParseResult tree = parser.parse(io.almengine.model.Json.MAPPER.readTree(json.bytes()), "");
            assertEquals(tree, streamed, json.json());
            valid += streamed instanceof ParseResult.Valid ? 1 : 0;
        }
        assertTrue(valid > 1_000, "enough valid events among the variants: " + valid);
    }

    @Test
    void aFieldGivenTwiceCountsWithItsLastValueEitherWay() throws Exception {
        String base = EventJson.of(link.heartbeat(T0.minusSeconds(5))).json();
        String open = "{\"clientName\":\"first\"," + base.substring(1);
        String body = base.substring(0, base.length() - 1);
        for (String json : List.of(
                open.substring(0, open.length() - 1) + ",\"clientName\":\"last\"}",
                body + ",\"sinkName\":null}",
                body + ",\"nested\":{\"a\":[1,{\"b\":2}]},\"time\":\"2026-11-20T07:59:00Z\"}")) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(parser.parse(io.almengine.model.Json.MAPPER.readTree(bytes), ""), parser.parse(bytes), json);
        }
    }

    @Test
    void theQuickPassNeverAcceptsOrReadsAnythingTheTreeWouldNot() {
        // Byte-level damage to valid events: whatever the quick pass makes of them, the tree agrees.
        var random = new java.util.Random(5);
        int valid = 0;
        byte[] alphabet = "{}[]\":,\\ \t\n0123456789-.eEnulltrufas|xyzTZ\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            EventJson json = EventJson.of(link.event(EventType.values()[random.nextInt(3)], T0.minusSeconds(i)));
            if (random.nextBoolean()) {
                json = json.with("attributes", Map.of("rack", "r" + i));
            }
            byte[] bytes = json.bytes();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(bytes.length);
                bytes = switch (random.nextInt(3)) {
                    case 0 -> splice(bytes, at, 1, new byte[0]);
                    case 1 -> splice(bytes, at, 0, new byte[] {alphabet[random.nextInt(alphabet.length)]});
                    default -> splice(bytes, at, 1, new byte[] {alphabet[random.nextInt(alphabet.length)]});
                };
            }
            ParseResult quick = parser.parse(bytes);
            assertEquals(parser.parseTree(bytes), quick, new String(bytes, StandardCharsets.UTF_8));
            valid += quick instanceof ParseResult.Valid ? 1 : 0;
        }
        assertTrue(valid > 2_000, "enough damaged events stay valid to exercise the quick pass: " + valid);
    }

    @Test
    void whitespaceEscapesAndUnicodeAreReadAlikeEitherWay() {
        String base = EventJson.of(link.heartbeat(T0.minusSeconds(5))).json();
        for (String json : List.of(
                " \n\t{ \"type\" : \"HEARTBEAT\" ,\r\n" + base.substring(base.indexOf(',') + 1) + "\n ",
                base.replace("avro-sink", "avro\\u002dsink"),
                base.replace("avro-sink", "sink-\u00e9t\u00e9"),
                base.replace("avro-sink", "a\\\"quoted\\\"b"),
                base.replace("21154", "21154.0"),
                base.replace("21154", "021154"),
                base.replace("21154", "2.1154e4"),
                base.replace("\"HEARTBEAT\"", "null"),
                "\ufeff" + base)) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(parser.parseTree(bytes), parser.parse(bytes), json);
        }
    }

    /** The event's bytes with the string {@code "@@"} written instead as the JSON string text given, escapes and all. */
    private static byte[] withJsonText(EventJson json, String text) {
        return json.json().replace("\"@@\"", "\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** The event's bytes with the {@code @@} of one of its strings replaced by these bytes exactly. */
    private static byte[] withBytes(EventJson json, int... raw) {
        byte[] bytes = json.bytes();
        byte[] insert = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            insert[i] = (byte) raw[i];
        }
        return splice(bytes, new String(bytes, StandardCharsets.ISO_8859_1).indexOf("@@"), 2, insert);
    }

    @Test
    void aLoneSurrogateInAnyTextIsRejectedNamingItsField() {
        // "\ud800" is valid JSON but not text: UTF-8 cannot carry it, so the Kafka key written for such an
        // event was not the connection id read back from it, and it went round the rekey topic for ever.
        for (String field : List.of("type", "time", "component", "source", "clientIp", "clientName", "sinkName",
                "serverHost")) {
            for (String text : List.of("\\ud800", "client-\\udfff", "a\\ud800\\ud800b", "\\udc00\\ud83d")) {
                List<String> problems = problems(withJsonText(disconnect().with(field, "@@"), text));
                assertProblemsNameExactly(problems, field);
                assertTrue(problems.get(0).contains("lone surrogate"), problems.toString());
            }
        }
        List<String> inValue = problems(withJsonText(disconnect().with("attributes", Map.of("rack", "@@")),
                "r\\ud800"));
        assertProblemsNameExactly(inValue, "attributes.rack");
        List<String> inKey = problems(withJsonText(disconnect().with("attributes", Map.of("@@", "r7")),
                "rack\\udbff"));
        assertProblemsNameExactly(inKey, "attributes");
        assertTrue(inKey.get(0).contains("surrogate"), inKey.toString());
        assertEquals("client-\uD83D\uDE00", valid(EventJson.of(link.heartbeat(T0))
                        .with("clientName", "client-\uD83D\uDE00")).clientName(),
                "a surrogate pair is a character like any other");
        assertEquals("client-\uD83D\uDE00", assertInstanceOf(ParseResult.Valid.class, parser.parse(withJsonText(
                disconnect().with("clientName", "@@"), "client-\\ud83d\\ude00"))).event().clientName());
    }

    @Test
    void rawSurrogateBytesAreRejectedNamingTheirField() {
        // ED A0 80 is how a surrogate would look in UTF-8 if UTF-8 allowed it (it does not).
        List<String> inClientName = problems(withBytes(disconnect().with("clientName", "x@@y"), 0xED, 0xA0, 0x80));
        assertProblemsNameExactly(inClientName, "clientName");
        assertTrue(inClientName.get(0).contains("UTF-8"), inClientName.toString());
        assertProblemsNameExactly(problems(withBytes(disconnect().with("attributes", Map.of("rack", "@@")),
                0xED, 0xBF, 0xBF)), "attributes.rack");
        assertProblemsNameExactly(problems(withBytes(disconnect().with("attributes", Map.of("r@@", "v")),
                0xED, 0xA0, 0x80)), "attributes");
    }

    @Test
    void bytesThatAreNotUtf8AreRejectedNamingWhereTheyAre() {
        int[][] malformed = {
                {0xFF},                     // never in UTF-8
                {0x80},                     // a continuation byte with nothing to continue
                {0xC3},                     // a sequence cut short
                {0xC0, 0x80},               // an overlong NUL, which Jackson reads as U+0000
                {0xE0, 0x80, 0xAF},         // an overlong '/'
                {0xF4, 0x90, 0x80, 0x80},   // beyond U+10FFFF, which Jackson reads as two lone surrogates
                {0xF8, 0x88, 0x80, 0x80, 0x80}};
        for (int[] raw : malformed) {
            List<String> problems = problems(withBytes(disconnect().with("sinkName", "s@@"), raw));
            assertProblemsNameExactly(problems, "sinkName");
            assertTrue(problems.get(0).contains("not valid UTF-8"), problems.toString());
        }
        assertProblemsNameExactly(problems(withBytes(disconnect().with("note", "@@"), 0xFF)), "note");
        assertEquals("sink-\u00e9t\u00e9", valid(disconnect().with("sinkName", "sink-\u00e9t\u00e9")).sinkName());
    }

    @Test
    void eventsInUtf16OrUtf32AreRejectedNotGuessed() throws Exception {
        // Jackson guesses the encoding from zero bytes; the contract is UTF-8, and a NUL byte is never in UTF-8 JSON.
        for (var charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                java.nio.charset.Charset.forName("UTF-32BE"))) {
            List<String> problems = problems(disconnect().json().getBytes(charset));
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("event: ") && problems.get(0).contains("UTF-8"), problems.toString());
        }
        // Read as UTF-32, these bytes made Jackson throw an IOException that is not a JSON error.
        List<String> utf32 = problems(new byte[] {0, 0, 0, '{', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        assertEquals(1, utf32.size(), utf32.toString());
        assertThrows(JsonProcessingException.class, () -> parser.parseBatch(
                new byte[] {0, 0, 0, '[', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
    }

    @Test
    void jsonBeyondTheReadersLimitsIsOneProblemNamingTheLimit() throws Exception {
        String event = disconnect().json();
        String deep = event.replace("{\"type\"", "{\"nested\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"type\"");
        String longNumber = event.replace("21154", "2".repeat(1001));
        String longName = event.replace("{\"type\"", "{\"" + "n".repeat(50_001) + "\":1,\"type\"");
        for (String[] input : new String[][] {{deep, "nesting depth"}, {longNumber, "Number value length"},
                {longName, "Name length"}}) {
            List<String> problems = problems(input[0].getBytes(StandardCharsets.UTF_8));
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains(": not valid JSON: ") && problems.get(0).contains(input[1]),
                    problems.toString());
            JsonProcessingException batch = assertThrows(JsonProcessingException.class,
                    () -> parser.parseBatch(("[" + input[0] + "]").getBytes(StandardCharsets.UTF_8)));
            assertTrue(batch.getOriginalMessage().contains(input[1]), batch.getOriginalMessage());
        }
    }

    @Test
    void aPortBeyondTheRangeIsRejectedNotWrapped() {
        // 2^64 + 21154 and 2^32 + 21154 once read as 21154.
        for (String port : List.of("18446744073709572770", "4294988450", "-18446744073709530462")) {
            byte[] event = disconnect().json().replace("21154", port).getBytes(StandardCharsets.UTF_8);
            List<String> problems = problems(event);
            assertProblemsNameExactly(problems, "serverPort");
            assertTrue(problems.get(0).contains(port), problems.toString());
        }
    }

    @Test
    void timesBefore1970AreRejected() {
        // The deadline index keeps times as seconds since 1970: an earlier disconnect was never raised.
        for (String time : List.of("1969-12-31T23:59:59Z", "1969-12-31T23:59:59.999999999Z",
                "1970-01-01T00:30:00+01:00", "0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z")) {
            List<String> problems = problems(disconnect().with("time", time));
            assertProblemsNameExactly(problems, "time");
            assertTrue(problems.get(0).contains("1970"), problems.toString());
        }
        assertEquals(Instant.EPOCH, valid(disconnect().with("time", "1970-01-01T00:00:00Z")).time());
        assertProblemsNameExactly(problems(disconnect().with("time", "+10000-01-01T00:00:00Z")), "time");
    }

    @Test
    void aBatchChecksEachEventAsTheBytesThatArePublished() throws Exception {
        // Published events carry every field, absent ones as "" or null: an event that fits as sent
        // may not as published, and the pipeline would then dead-letter what the API had accepted.
        EventJson lean = disconnect().without("clientName", "sinkName");
        int size = lean.with("attributes", Map.of("pad", "")).bytes().length;
        EventJson fits = lean.with("attributes", Map.of("pad", "x".repeat(MAX_EVENT_BYTES - size - 10)));
        assertTrue(fits.bytes().length < MAX_EVENT_BYTES);

        ParseResult result = parser.parseBatch(EventJson.array(disconnect(), fits).getBytes(StandardCharsets.UTF_8))
                .get(1);
        ParseResult.Invalid invalid = assertInstanceOf(ParseResult.Invalid.class, result);
        assertTrue(invalid.tooLarge(), invalid.toString());
        assertEquals(1, invalid.problems().size());
        assertTrue(invalid.problems().get(0).startsWith("[1].event: ")
                && invalid.problems().get(0).contains("more than the limit of " + MAX_EVENT_BYTES), invalid.problems().toString());
        assertInstanceOf(ParseResult.Valid.class, parser.parseBatch(lean.bytes()).get(0));
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
