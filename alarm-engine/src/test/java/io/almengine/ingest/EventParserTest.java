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
    private final FlumeLink link = FlumeLink.fresh();

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

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
