package io.almengine.api;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.ingest.EventJson;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/events} over real HTTP on a real engine: what is accepted reaches detection,
 * what is not is answered with every problem and never published.
 */
class EventsEndpointTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static final String EVENTS = "/api/events";

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();
    private static ApiClient admin;
    /** Posting events is an operator's right; the tests post as one. */
    private static ApiClient operator;

    @BeforeAll
    static void signIn() {
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        operator = admin.as(issueToken("events-operator", "operator"));
    }

    private static String issueToken(String name, String role) {
        ApiClient.Answer answer = admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, answer.status(), answer.body().toString());
        return answer.body().get("token").asText();
    }

    private static EventJson disconnect(FlumeLink link, Instant at) {
        return EventJson.of(link.disconnected(at));
    }

    /** The events topic holds nothing about this client. */
    private static void assertNothingPublishedFor(FlumeLink... links) {
        List<String> ips = Arrays.stream(links).map(FlumeLink::clientIp).toList();
        List<Map<String, Object>> published = harness.readAll(harness.topics.connectionEvents()).stream()
                .filter(e -> e != null && ips.contains(e.get("clientIp"))).toList();
        assertEquals(List.of(), published, "nothing published");
    }

    private static void assertBadRequestNaming(ApiClient.Answer answer, String... fields) {
        assertEquals(400, answer.status(), answer.body().toString());
        assertEquals(400, answer.body().path("status").asInt());
        List<String> problems = answer.problems();
        assertEquals(fields.length, problems.size(), "one problem per bad field: " + problems);
        for (String field : fields) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(field + ": ")),
                    "a problem naming '" + field + "' in " + problems);
        }
    }

    @Test
    void oneEventIsAcceptedAndRaisesItsAlarmAfterThreeMinutes() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        long applied = harness.eventsApplied();

        ApiClient.Answer answer = operator.post(EVENTS, disconnect(link, t).json());

        assertEquals(202, answer.status(), answer.body().toString());
        assertEquals("{\"accepted\":1}", answer.body().toString());
        harness.awaitEventsApplied(applied + 1);
        harness.clockAt(t.plus(WINDOW).minusSeconds(1));
        assertEquals(List.of(), harness.alarmsOf(link), "not before the window ran out");
        harness.clockAt(t.plus(WINDOW));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        assertEquals(24003, alarm.alarmId());
        assertEquals(t.plus(WINDOW), alarm.occurredAt());
        assertEquals(link.clientIp(), alarm.params().get("clientIp"));
    }

    @Test
    void anArrayIsAcceptedWholeAndAnsweredWithItsCount() {
        Instant t = harness.freshHour();
        FlumeLink a = FlumeLink.fresh();
        FlumeLink b = FlumeLink.fresh();
        long applied = harness.eventsApplied();

        ApiClient.Answer answer = operator.post(EVENTS, EventJson.array(
                EventJson.of(a.connected(t)), disconnect(a, t.plusSeconds(5)), disconnect(b, t.plusSeconds(7))));

        assertEquals(202, answer.status(), answer.body().toString());
        assertEquals(3, answer.body().path("accepted").asInt());
        harness.awaitEventsApplied(applied + 3);
        harness.clockAt(t.plusSeconds(7).plus(WINDOW));
        assertEquals(t.plusSeconds(5).plus(WINDOW), harness.awaitAlarm(a, Alarm::active).occurredAt());
        assertEquals(t.plusSeconds(7).plus(WINDOW), harness.awaitAlarm(b, Alarm::active).occurredAt());
    }

    @Test
    void publishedEventsAreKeyedByConnectionId() {
        FlumeLink link = FlumeLink.fresh();
        assertEquals(202, operator.post(EVENTS, EventJson.of(link.heartbeat(T0)).json()).status());
        assertTrue(harness.readRecords(harness.topics.connectionEvents()).stream()
                .anyMatch(r -> link.connectionId().equals(r.key())), "keyed " + link.connectionId());
    }

    @Test
    void malformedJsonIsABadRequestSayingWhere() {
        FlumeLink link = FlumeLink.fresh();
        String body = disconnect(link, T0).json();
        ApiClient.Answer answer = operator.post(EVENTS, body.substring(0, body.length() - 1));
        assertEquals(400, answer.status(), answer.body().toString());
        assertTrue(answer.body().path("error").asText().contains("not valid JSON"), answer.body().toString());
        assertEquals(1, answer.problems().size());
        assertTrue(answer.problems().get(0).contains("line 1"), answer.problems().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void eventsOneAfterAnotherOutsideAnArrayAreMalformedNotHalfAccepted() {
        FlumeLink a = FlumeLink.fresh();
        FlumeLink b = FlumeLink.fresh();
        String ndjson = disconnect(a, T0).json() + "\n" + disconnect(b, T0).json() + "\n";
        ApiClient.Answer answer = operator.post(EVENTS, ndjson);
        assertEquals(400, answer.status(), answer.body().toString());
        assertTrue(answer.body().path("error").asText().contains("not valid JSON"), answer.body().toString());
        assertEquals(400, operator.post(EVENTS, disconnect(a, T0).json() + " and more").status());
        assertNothingPublishedFor(a, b);
    }

    @Test
    void anEmptyBodyOrEmptyArrayIsABadRequest() {
        assertEquals(List.of("body: empty"), operator.post(EVENTS, "").problems());
        assertEquals(400, operator.post(EVENTS, "[]").status());
        assertEquals(400, operator.post(EVENTS, "null").status());
    }

    @Test
    void missingRequiredFieldsAreAllNamed() {
        FlumeLink link = FlumeLink.fresh();
        assertBadRequestNaming(operator.post(EVENTS, "{}"), "type", "time", "component", "source", "clientIp");
        assertBadRequestNaming(operator.post(EVENTS, disconnect(link, T0)
                        .without("type", "time", "source", "clientIp", "serverHost", "serverPort").json()),
                "type", "time", "source", "clientIp", "serverHost", "serverPort");
        assertBadRequestNaming(operator.post(EVENTS, disconnect(link, T0).without("component").json()), "component");
        assertNothingPublishedFor(link);
    }

    @Test
    void wrongJsonTypesAreAllNamed() {
        FlumeLink link = FlumeLink.fresh();
        ApiClient.Answer answer = operator.post(EVENTS, disconnect(link, T0)
                .with("clientIp", 10)
                .with("serverPort", "21154")
                .with("attributes", Map.of("rack", Map.of("row", 1), "zone", "z1"))
                .json());
        assertBadRequestNaming(answer, "clientIp", "serverPort", "attributes.rack");
        assertTrue(answer.problems().contains("clientIp: must be a string, not number"), answer.problems().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void badValuesAreAllNamedInOneAnswer() {
        FlumeLink link = FlumeLink.fresh();
        ApiClient.Answer answer = operator.post(EVENTS, disconnect(link, T0)
                .with("type", "UP")
                .with("time", "2026-11-20 08:00")
                .with("serverPort", 70000)
                .with("component", "kafka")
                .with("sinkName", "avro|sink")
                .json());
        assertBadRequestNaming(answer, "type", "time", "serverPort", "component", "sinkName");
        assertNothingPublishedFor(link);
    }

    @Test
    void oneBadEventInAnArrayPublishesNothing() {
        Instant t = harness.freshHour();
        FlumeLink good = FlumeLink.fresh();
        FlumeLink bad = FlumeLink.fresh();

        ApiClient.Answer answer = operator.post(EVENTS, EventJson.array(
                disconnect(good, t), disconnect(bad, t).with("serverPort", 0), disconnect(good, t.plusSeconds(1))));

        assertBadRequestNaming(answer, "[1].serverPort");
        assertTrue(answer.body().path("error").asText().contains("nothing was published"), answer.body().toString());
        assertNothingPublishedFor(good, bad);
        harness.clockAt(t.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), harness.alarmsOf(good), "the engine saw none of them");
    }

    @Test
    void aBodyOverOneMebibyteIsTooLarge() {
        FlumeLink link = FlumeLink.fresh();
        String padded = EventJson.array(disconnect(link, T0)).replace("[", "[" + " ".repeat(1024 * 1024));
        ApiClient.Answer answer = operator.post(EVENTS, padded);
        assertEquals(413, answer.status(), answer.body().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void aBodyOverOneMebibyteWithoutAContentLengthIsTooLargeToo() {
        FlumeLink link = FlumeLink.fresh();
        String padded = EventJson.array(disconnect(link, T0)).replace("[", "[" + " ".repeat(1024 * 1024));
        ApiClient.Answer answer = operator.postStreamed(EVENTS, padded.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(413, answer.status(), answer.body().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void aBodyOfExactlyOneMebibyteIsStillRead() {
        FlumeLink link = FlumeLink.fresh();
        String event = EventJson.array(disconnect(link, T0));
        String padded = event.replace("[", "[" + " ".repeat(1024 * 1024 - event.length()));
        assertEquals(1024 * 1024, padded.length());
        assertEquals(202, operator.post(EVENTS, padded).status());
    }

    @Test
    void withoutATokenItIsUnauthorized() {
        FlumeLink link = FlumeLink.fresh();
        ApiClient.Answer answer = operator.as(null).post(EVENTS, disconnect(link, T0).json());
        assertEquals(401, answer.status());
        assertTrue(answer.body().path("error").asText().contains("Bearer"), answer.body().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void withAnUnknownTokenItIsUnauthorized() {
        FlumeLink link = FlumeLink.fresh();
        assertEquals(401, operator.as("not-a-token").post(EVENTS, disconnect(link, T0).json()).status());
        assertNothingPublishedFor(link);
    }

    @Test
    void aViewerMayNotPostEvents() {
        FlumeLink link = FlumeLink.fresh();
        ApiClient viewer = admin.as(issueToken("events-viewer", "viewer"));
        ApiClient.Answer answer = viewer.post(EVENTS, disconnect(link, T0).json());
        assertEquals(403, answer.status(), answer.body().toString());
        assertTrue(answer.body().path("error").asText().contains("viewer"), answer.body().toString());
        assertNothingPublishedFor(link);
        assertEquals(200, viewer.get("/api/alarms").status(), "a viewer may still read");
    }

    /** The body with the string {@code "@@"} written instead as the JSON string text given, escapes and all. */
    private static String withJsonText(EventJson event, String text) {
        return event.json().replace("\"@@\"", "\"" + text + "\"");
    }

    private static byte[] spliced(String body, String at, byte... raw) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int i = body.indexOf(at);
        byte[] out = new byte[bytes.length - at.length() + raw.length];
        System.arraycopy(bytes, 0, out, 0, i);
        System.arraycopy(raw, 0, out, i, raw.length);
        System.arraycopy(bytes, i + at.length(), out, i + raw.length, bytes.length - i - at.length());
        return out;
    }

    @Test
    void aLoneSurrogateIsABadRequestNamingItsField() {
        FlumeLink link = FlumeLink.fresh();
        assertBadRequestNaming(operator.post(EVENTS, withJsonText(disconnect(link, T0).with("clientName", "@@"),
                "client-\\ud800")), "clientName");
        assertBadRequestNaming(operator.post(EVENTS, withJsonText(disconnect(link, T0)
                .with("attributes", Map.of("@@", "r7")), "rack\\udfff")), "attributes");
        assertBadRequestNaming(operator.post(EVENTS, EventJson.array(disconnect(link, T0),
                disconnect(link, T0).with("sinkName", "@@")).replace("\"@@\"", "\"\\udc00\"")), "[1].sinkName");
        // The same surrogate as raw bytes (what UTF-8 would be if it allowed surrogates).
        assertBadRequestNaming(operator.post(EVENTS, spliced(disconnect(link, T0).with("clientName", "c@@").json(),
                "@@", (byte) 0xED, (byte) 0xA0, (byte) 0x80)), "clientName");
        assertNothingPublishedFor(link);
    }

    @Test
    void bytesThatAreNotUtf8AreABadRequest() {
        FlumeLink link = FlumeLink.fresh();
        String body = disconnect(link, T0).with("sinkName", "s@@").json();
        for (byte[] raw : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0x80},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80})) {
            ApiClient.Answer answer = operator.post(EVENTS, spliced(body, "@@", raw));
            assertBadRequestNaming(answer, "sinkName");
            assertTrue(answer.problems().get(0).contains("not valid UTF-8"), answer.problems().toString());
        }
        ApiClient.Answer utf16 = operator.post(EVENTS, disconnect(link, T0).json()
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        assertEquals(400, utf16.status(), utf16.body().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void aBodyThatIsNotDeclaredJsonIsUnsupported() {
        FlumeLink link = FlumeLink.fresh();
        byte[] body = disconnect(link, T0).bytes();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml",
                "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x")) {
            ApiClient.Answer answer = operator.post(EVENTS, type, body);
            assertEquals(415, answer.status(), type + ": " + answer.body());
            assertEquals(415, answer.body().path("status").asInt(), answer.body().toString());
            assertTrue(answer.body().path("error").asText().contains("application/json"), answer.body().toString());
        }
        assertNothingPublishedFor(link);
        for (String type : List.of("application/json", "application/json; charset=utf-8", "Application/JSON;charset=\"UTF-8\"")) {
            assertEquals(202, operator.post(EVENTS, type, body).status(), type);
        }
        assertEquals(202, operator.post(EVENTS, null, body).status(), "no Content-Type: read as the JSON it must be");
    }

    @Test
    void anEventOverSixtyFourKibibytesIsTooLargeAndNothingIsPublished() {
        // The pipeline dead-letters an event over 64 KiB: the API must not have answered 202 for it.
        FlumeLink link = FlumeLink.fresh();
        EventJson big = disconnect(link, T0).with("attributes", Map.of("pad", "x".repeat(64 * 1024)));
        ApiClient.Answer answer = operator.post(EVENTS, big.json());
        assertEquals(413, answer.status(), answer.body().toString());
        assertEquals(413, answer.body().path("status").asInt());
        assertTrue(answer.problems().get(0).contains("more than the limit of 65536"), answer.problems().toString());

        ApiClient.Answer inArray = operator.post(EVENTS, EventJson.array(disconnect(link, T0), big));
        assertEquals(413, inArray.status(), inArray.body().toString());
        assertTrue(inArray.problems().get(0).startsWith("[1].event: "), inArray.problems().toString());
        assertNothingPublishedFor(link);
    }

    @Test
    void jsonBeyondTheReadersLimitsIsABadRequestNamingTheLimit() {
        // These once answered 500 (a NullPointerException on the error's missing location).
        FlumeLink link = FlumeLink.fresh();
        String event = disconnect(link, T0).json();
        String port = Integer.toString(link.serverPort());
        Map<String, String> bodies = Map.of(
                "nesting depth", event.replace("{\"type\"", "{\"n\":" + "[".repeat(1001) + "]".repeat(1001) + ",\"type\""),
                "Number value length", event.replace(port, "2".repeat(1001)),
                "Name length", event.replace("{\"type\"", "{\"" + "n".repeat(50_001) + "\":1,\"type\""));
        bodies.forEach((limit, body) -> {
            ApiClient.Answer answer = operator.post(EVENTS, body);
            assertEquals(400, answer.status(), limit + ": " + answer.body());
            assertTrue(answer.body().path("error").asText().contains("not valid JSON"), answer.body().toString());
            assertTrue(answer.problems().get(0).contains(limit), answer.problems().toString());
            assertFalse(answer.problems().get(0).contains("StreamReadConstraints"), "in the API's words: "
                    + answer.problems());
        });
        assertNothingPublishedFor(link);
    }

    @Test
    void noMalformedBodyIsAnsweredWithAServerError() {
        // A little fuzzing: byte-level damage to a valid body, and a few shapes found by hand.
        FlumeLink link = FlumeLink.fresh();
        byte[] valid = EventJson.array(disconnect(link, T0), disconnect(link, T0).with("attributes",
                Map.of("rack", "r1"))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var bodies = new java.util.ArrayList<byte[]>();
        for (String text : List.of("\uFEFF", "\"text\"", "1e999999999", "[[]]", "[{}, 1]", "{\"type\":{}}",
                "[" + "{\"a\":".repeat(600) + "1" + "}".repeat(600) + "]", "{\"serverPort\":-0}", "{\"time\":null}")) {
            bodies.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        bodies.add(new byte[] {0, 0, 0, '[', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        bodies.add(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '['});
        var random = new java.util.Random(7);
        byte[] alphabet = {'{', '}', '[', ']', '"', ':', ',', '\\', 'u', 'd', '8', '0', '-', 'e', '.', 0, 0x1F,
                (byte) 0x80, (byte) 0xC0, (byte) 0xED, (byte) 0xF4, (byte) 0xFF};
        for (int i = 0; i < 150; i++) {
            byte[] body = valid.clone();
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                body[random.nextInt(body.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            bodies.add(body);
        }
        for (byte[] body : bodies) {
            ApiClient.Answer answer = operator.post(EVENTS, body);
            String shown = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(answer.status() == 202 || answer.status() >= 400 && answer.status() < 500,
                    answer.status() + " for " + shown + ": " + answer.body());
            if (answer.status() != 202) {
                assertEquals(answer.status(), answer.body().path("status").asInt(), shown);
                assertFalse(answer.body().path("error").asText().isBlank(), shown);
            }
        }
    }

    @Test
    void aPortBeyondSixtyFourBitsIsRefusedNotWrapped() {
        FlumeLink link = FlumeLink.fresh();
        // 2^64 + the link's port: once read as the port.
        ApiClient.Answer answer = operator.post(EVENTS, disconnect(link, T0).json()
                .replace(Integer.toString(link.serverPort()), new java.math.BigInteger("18446744073709551616")
                        .add(java.math.BigInteger.valueOf(link.serverPort())).toString()));
        assertBadRequestNaming(answer, "serverPort");
        assertNothingPublishedFor(link);
    }

    @Test
    void aDisconnectBefore1970IsRefused() {
        FlumeLink link = FlumeLink.fresh();
        assertBadRequestNaming(operator.post(EVENTS, disconnect(link, Instant.parse("1969-12-31T23:00:00Z")).json()),
                "time");
        assertNothingPublishedFor(link);
    }
}
