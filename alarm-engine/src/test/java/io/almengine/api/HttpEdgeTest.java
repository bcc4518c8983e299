package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the HTTP server answers before or around the API's routes: protocol errors in the API's
 * JSON error shape, HEAD like GET, and nothing that names the server software.
 */
class HttpEdgeTest {

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();
    private static ApiClient admin;

    @BeforeAll
    static void signIn() {
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
    }

    /** An answer as read off the socket: status, headers (lower-case names) and body bytes. */
    private record RawAnswer(int status, Map<String, String> headers, byte[] body) {

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
            }
        }
    }

    /** Writes the request exactly as given and reads the answer until the server closes the connection. */
    private static RawAnswer exchange(String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", harness.engine().httpPort()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var read = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            try {
                in.transferTo(read);
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // what arrived before is the answer
            }
            return parse(read.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RawAnswer parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(end > 0, "an HTTP answer: " + text);
        String[] lines = text.substring(0, end).split("\r\n");
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        return new RawAnswer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static void assertJsonError(RawAnswer answer, int status) {
        String shown = answer + " " + new String(answer.body(), StandardCharsets.UTF_8);
        assertEquals(status, answer.status(), shown);
        assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), shown);
        JsonNode body = answer.json();
        assertEquals(status, body.path("status").asInt(), shown);
        assertFalse(body.path("error").asText().isBlank(), shown);
        assertFalse(new String(answer.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("jetty"), shown);
        assertServerUnnamed(answer.headers().get("server"));
    }

    private static void assertServerUnnamed(String server) {
        assertTrue(server == null || !server.toLowerCase(Locale.ROOT).contains("jetty"), "Server: " + server);
    }

    @Test
    void aMalformedRequestLineIsAnsweredInTheApisJson() {
        assertJsonError(exchange("GET /api/health HTTP/1.1 and more\r\nHost: x\r\n\r\n"), 400);
        assertJsonError(exchange("NOT HTTP AT ALL\r\n\r\n"), 400);
    }

    @Test
    void aUriTooLongIsAnsweredInTheApisJson() {
        assertJsonError(exchange("GET /api/alarms?q=" + "x".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
    }

    @Test
    void headersTooLargeAreAnsweredInTheApisJson() {
        assertJsonError(exchange("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "x".repeat(20_000)
                + "\r\n\r\n"), 431);
    }

    @Test
    void noAnswerNamesTheServerSoftware() {
        HttpResponse<byte[]> health = admin.exchange("GET", "/api/health");
        assertEquals(200, health.statusCode());
        assertServerUnnamed(health.headers().firstValue("Server").orElse(null));
        assertServerUnnamed(admin.exchange("GET", "/").headers().firstValue("Server").orElse(null));
        assertServerUnnamed(admin.exchange("GET", "/api/nothing-here").headers().firstValue("Server").orElse(null));
    }

    @Test
    void headOnAGetRouteAnswersLikeGetWithoutABody() {
        for (String path : java.util.List.of("/api/health", "/api/alarms", "/api/definitions", "/api/session",
                "/api/openapi.json")) {
            HttpResponse<byte[]> get = admin.exchange("GET", path);
            HttpResponse<byte[]> head = admin.exchange("HEAD", path);
            assertEquals(get.statusCode(), head.statusCode(), "HEAD " + path);
            assertEquals(0, head.body().length, "HEAD " + path);
            assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
        }
        assertEquals(404, admin.exchange("HEAD", "/api/alarms/987654321").statusCode(), "as GET: no such alarm");
        assertEquals(401, admin.as(null).exchange("HEAD", "/api/alarms").statusCode(), "as GET: a token is needed");
        HttpResponse<byte[]> post = admin.exchange("HEAD", "/api/events");
        assertEquals(405, post.statusCode(), "POST only");
        assertEquals("POST", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<byte[]> stream = admin.exchange("HEAD", "/api/stream");
        assertEquals(200, stream.statusCode());
        assertEquals(0, stream.body().length);
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    }
}
