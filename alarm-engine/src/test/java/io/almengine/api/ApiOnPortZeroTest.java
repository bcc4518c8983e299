package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.auth.Role;
import io.almengine.auth.TokenIssuer;
import io.almengine.auth.TokenRecord;
import io.almengine.auth.TokenRegistry;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.ingest.EventJson;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventSink;
import io.almengine.model.Event;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP layer on its own: real Jetty on port 0, real HTTP, and the API's collaborators as the
 * in-memory implementations of their interfaces (the token registry as it is, tokens issued
 * straight into it, accepted events kept in a list) instead of Kafka. Routing, authentication and
 * refusals are the point here, so nothing else is started.
 */
class ApiOnPortZeroTest {

    private static final int MAX_BODY = 64 * 1024;

    /** Issues and revokes tokens straight in the registry, as {@code alm.tokens}' mirror would. */
    private record RegistryIssuer(TokenRegistry registry) implements TokenIssuer {

        @Override
        public String issue(String name, Role role) {
            String token = TokenRegistry.newToken();
            try {
                registry.accept(name, Json.MAPPER.writeValueAsBytes(
                        new TokenRecord(name, role, TokenRegistry.sha256(token), Instant.now())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return token;
        }

        @Override
        public void revoke(String name) {
            registry.accept(name, null);
        }
    }

    /** The events the API accepted, in order. */
    private static final class EventList implements EventSink {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<? extends Event> batch) {
            events.addAll(batch);
        }
    }

    private static final EventList PUBLISHED = new EventList();
    private static HttpApi api;
    private static RegistryIssuer tokens;
    private static String viewer;
    private static String operator;
    private static String admin;

    @BeforeAll
    static void start() throws Exception {
        var registry = new TokenRegistry();
        tokens = new RegistryIssuer(registry);
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        var parser = new EventParser(catalog, Clock.systemUTC(), Duration.ofMinutes(5), 32 * 1024);
        api = new HttpApi("127.0.0.1", 0, new ApiParts(registry, tokens, new AlarmView(), catalog, parser,
                PUBLISHED, null, Clock.systemUTC(), MAX_BODY, () -> new HttpApi.Health(true, Map.of("status", "UP")),
                null, null, null)).start();
        viewer = tokens.issue("viewer-1", Role.VIEWER);
        operator = tokens.issue("operator-1", Role.OPERATOR);
        admin = tokens.issue("admin-1", Role.ADMIN);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @BeforeEach
    void forgetEvents() {
        PUBLISHED.events.clear();
    }

    private static ApiClient as(String token) {
        return ApiClient.at(api.port(), token);
    }

    private static String oneEvent() {
        return EventJson.array(EventJson.of(FlumeLink.fresh().disconnected(Instant.now())));
    }

    @Test
    void aRoleBelowTheRoutesIsRefusedBeforeTheEventsAreTaken() {
        assertEquals(401, as(null).post("/api/events", oneEvent()).status());
        assertEquals(401, as("made-up").post("/api/events", oneEvent()).status());
        ApiClient.Answer refused = as(viewer).post("/api/events", oneEvent());
        assertEquals(403, refused.status());
        assertEquals("token 'viewer-1' has role viewer; this needs operator", refused.body().path("error").asText());
        assertEquals(List.of(), PUBLISHED.events);

        assertEquals(202, as(operator).post("/api/events", oneEvent()).status());
        assertEquals(1, PUBLISHED.events.size());
    }

    @Test
    void anIssuedTokenWorksAtOnceAndARevokedOneNoMore() {
        assertEquals(403, as(operator).post("/api/tokens", "{\"name\":\"x\",\"role\":\"viewer\"}").status());
        ApiClient.Answer issued = as(admin).post("/api/tokens", "{\"name\":\"kiosk\",\"role\":\"viewer\"}");
        assertEquals(201, issued.status());
        String kiosk = issued.body().path("token").asText();

        ApiClient.Answer session = as(kiosk).get("/api/session");
        assertEquals(200, session.status());
        assertEquals("kiosk", session.body().path("name").asText());
        assertEquals("viewer", session.body().path("role").asText());

        assertEquals(403, as(kiosk).delete("/api/tokens/kiosk").status());
        assertEquals(200, as(admin).delete("/api/tokens/kiosk").status(), "the {name} of the path reaches the endpoint");
        assertEquals(401, as(kiosk).get("/api/session").status());
        assertEquals(404, as(admin).delete("/api/tokens/kiosk").status());
    }

    @Test
    void aKnownPathWithAnotherMethodAnswers405NamingTheMethodsItTakes() {
        HttpResponse<byte[]> batch = as(viewer).exchange("GET", "/api/alarms/ack");
        assertEquals(405, batch.statusCode(), "a literal path outranks the template /api/alarms/{serialNo}");
        assertEquals("POST", batch.headers().firstValue("Allow").orElse(""));
        HttpResponse<byte[]> list = as(admin).exchange("DELETE", "/api/alarms");
        assertEquals(405, list.statusCode());
        assertEquals("GET", list.headers().firstValue("Allow").orElse(""));
        HttpResponse<byte[]> stream = as(viewer).exchange("POST", "/api/stream");
        assertEquals(405, stream.statusCode());
        assertEquals("GET", stream.headers().firstValue("Allow").orElse(""));
        // Without a token too: which methods a path takes is no secret, and says what to fix first.
        assertEquals(405, as(null).exchange("PUT", "/api/alarms/7/ack").statusCode());
    }

    @Test
    void unknownPathsAndAlarmsAnswerJson404AndHeadAnswersLikeGet() {
        ApiClient.Answer nothing = as(viewer).get("/api/nothing-here");
        assertEquals(404, nothing.status());
        assertEquals("no API at /api/nothing-here", nothing.body().path("error").asText());
        assertEquals(404, as(viewer).get("/api/alarms/123").status());
        HttpResponse<byte[]> head = as(viewer).exchange("HEAD", "/api/alarms/123");
        assertEquals(404, head.statusCode());
        assertEquals(0, head.body().length);
        HttpResponse<byte[]> health = as(null).exchange("HEAD", "/api/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValueAsLong("Content-Length").orElse(0) > 0);
        assertEquals(0, health.body().length);
    }

    @Test
    void eventsMustBeDeclaredAsJsonAndFitTheBodyLimit() {
        assertEquals(415, as(operator).post("/api/events", "text/plain", oneEvent().getBytes(StandardCharsets.UTF_8))
                .status());
        assertEquals(413, as(operator).post("/api/events", " ".repeat(MAX_BODY + 1) + oneEvent()).status());
        assertEquals(List.of(), PUBLISHED.events);
    }

    @Test
    void onlyTheStreamTakesTheTokenInItsUrl() throws Exception {
        assertEquals(401, as(null).get("/api/alarms?access_token=" + viewer).status());
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/api/stream?access_token=" + viewer)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = stream.body()) {
            assertEquals(200, stream.statusCode());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertTrue(new String(body.readNBytes(6), StandardCharsets.UTF_8).startsWith("retry:"));
        }
        assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/api/stream?access_token=made-up")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }
}
