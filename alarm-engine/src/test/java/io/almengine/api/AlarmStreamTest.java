package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/stream}: one event per alarm change, ids to resume by, tokens checked for as long as it runs. */
class AlarmStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static EngineHarness harness;
    private static ApiClient admin;
    private static String viewerToken;
    private static int port;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().start();
        port = harness.engine().httpPort();
        admin = ApiClient.at(port, harness.adminToken());
        viewerToken = issue("stream-viewer", "viewer");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String issue(String name, String role) {
        var answer = admin.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, answer.status(), answer.body().toString());
        return answer.body().get("token").asText();
    }

    private static EventStreamClient stream(String token) {
        EventStreamClient client = EventStreamClient.open(port, "/api/stream", token, null);
        assertEquals(200, client.status());
        return client;
    }

    private static Alarm raise(FlumeLink link) {
        return harness.raiseAtFreshHour(link);
    }

    private static JsonNode data(EventStreamClient.Event event) throws Exception {
        return Json.MAPPER.readTree(event.data());
    }

    /** The next alarm event about {@code serial}. */
    private static EventStreamClient.Event nextAbout(EventStreamClient client, long serial) throws Exception {
        return client.awaitEvent(e -> e.name().equals("alarm") && e.data().contains("\"serialNo\":" + serial + ","),
                WAIT);
    }

    @Test
    void everyAlarmChangeArrivesAsAnEventWithAnId() throws Exception {
        try (EventStreamClient client = stream(viewerToken)) {
            assertTrue(client.contentType().startsWith("text/event-stream"), client.contentType());
            EventStreamClient.Event ready = client.next(WAIT);
            assertEquals("ready", ready.name());
            assertNotNull(ready.id());

            FlumeLink link = FlumeLink.fresh();
            Alarm alarm = raise(link);
            EventStreamClient.Event raised = nextAbout(client, alarm.serialNo());
            assertEquals("raised", data(raised).path("change").asText());
            assertEquals("active", data(raised).path("alarm").path("state").asText());
            assertEquals(link.clientIp(), data(raised).path("alarm").path("params").path("clientIp").asText());
            assertNotEquals(ready.id(), raised.id());

            assertEquals(200, admin.post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
            EventStreamClient.Event acked = nextAbout(client, alarm.serialNo());
            assertEquals("acknowledged", data(acked).path("change").asText());
            assertTrue(data(acked).path("alarm").path("acknowledged").asBoolean());

            harness.send(link.connected(alarm.occurredAt().plusSeconds(30)));
            EventStreamClient.Event cleared = nextAbout(client, alarm.serialNo());
            assertEquals("cleared", data(cleared).path("change").asText());
            assertEquals("auto", data(cleared).path("alarm").path("clearType").asText());
        }
    }

    @Test
    void aClientThatReconnectsWithItsLastEventIdGetsWhatItMissedInOrder() throws Exception {
        Alarm alarm = raise(FlumeLink.fresh());
        String lastSeen;
        try (EventStreamClient client = stream(viewerToken)) {
            lastSeen = client.next(WAIT).id();
        }
        String path = "/api/alarms/" + alarm.serialNo();
        // Both answered, so both are applied: the API answers after the pipeline did.
        assertEquals(200, admin.post(path + "/ack", "").status());
        assertEquals(200, admin.post(path + "/comments", "{\"text\":\"while you were away\"}").status());

        for (boolean asHeader : new boolean[] {true, false}) {
            EventStreamClient client = asHeader
                    ? EventStreamClient.open(port, "/api/stream", viewerToken, lastSeen)
                    : EventStreamClient.open(port, "/api/stream?lastEventId=" + lastSeen, viewerToken, null);
            try (client) {
                assertEquals(200, client.status());
                var missed = new ArrayList<String>();
                while (!missed.contains("commented")) {
                    String change = data(nextAbout(client, alarm.serialNo())).path("change").asText();
                    // The raise may land just after the first stream's id: it is then missed too.
                    if (!change.equals("raised")) {
                        missed.add(change);
                    }
                }
                assertEquals(List.of("acknowledged", "commented"), missed, asHeader ? "Last-Event-ID" : "lastEventId");
            }
        }
    }

    @Test
    void anIdThisInstanceDoesNotKnowIsAnsweredWithAReset() throws Exception {
        try (var client = EventStreamClient.open(port, "/api/stream", viewerToken, "l0ngag0-42")) {
            assertEquals(200, client.status());
            EventStreamClient.Event reset = client.next(WAIT);
            assertEquals("reset", reset.name());
            assertNotNull(reset.id(), "an id to resume from after reloading");
            assertTrue(data(reset).path("reason").asText().contains("reload"));
        }
    }

    @Test
    void theTokenMayComeAsAQueryParameterOnTheStreamOnly() throws Exception {
        try (var client = EventStreamClient.open(port, "/api/stream?access_token=" + viewerToken, null, null)) {
            assertEquals(200, client.status());
            assertEquals("ready", client.next(WAIT).name());
        }
        assertEquals(401, admin.as(null).get("/api/alarms?access_token=" + viewerToken).status());
    }

    @Test
    void noTokenABadTokenOrAWrongMethodIsRefused() {
        try (var none = EventStreamClient.open(port, "/api/stream", null, null)) {
            assertEquals(401, none.status());
        }
        try (var bad = EventStreamClient.open(port, "/api/stream?access_token=made-up", null, null)) {
            assertEquals(401, bad.status());
        }
        assertEquals(405, admin.post("/api/stream", "{}").status());
        assertEquals(List.of("GET"), admin.exchange("DELETE", "/api/stream").headers().allValues("Allow"));
    }

    @Test
    void aRevokedTokensStreamEndsWithinASecond() throws Exception {
        String token = issue("stream-revoked", "viewer");
        try (EventStreamClient client = stream(token)) {
            assertEquals("ready", client.next(WAIT).name());
            assertEquals(200, admin.delete("/api/tokens/stream-revoked").status());
            assertTrue(client.endsWithin(Duration.ofSeconds(1)), "the stream of a revoked token ends within a second");
        }
        try (var again = EventStreamClient.open(port, "/api/stream", token, null)) {
            assertEquals(401, again.status(), "and it cannot reconnect");
        }
    }

    @Test
    void manyOpenStreamsHoldNoThreadsAndEachGetsEveryChange() throws Exception {
        // More streams than Jetty has threads: if a stream held a thread, the API would stop answering.
        int clients = 250;
        var streams = new ArrayList<EventStreamClient>();
        try {
            for (int i = 0; i < clients; i++) {
                streams.add(stream(viewerToken));
            }
            assertEquals(200, admin.get("/api/alarms").status(), "the API still answers");
            Alarm alarm = raise(FlumeLink.fresh());
            for (EventStreamClient s : streams) {
                assertEquals("raised", data(nextAbout(s, alarm.serialNo())).path("change").asText());
            }
        } finally {
            streams.forEach(EventStreamClient::close);
        }
    }
}
