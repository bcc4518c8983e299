package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The engine's REST API as a user reaches it: real HTTP on its port, a bearer token (or none). */
public final class ApiClient {

    /** One answer: the status and the body read as JSON (a missing node when there is none). */
    public record Answer(int status, JsonNode body) {

        /** The {@code problems} of an error answer, as plain strings. */
        public List<String> problems() {
            var out = new ArrayList<String>();
            body.path("problems").forEach(p -> out.add(p.asText()));
            return out;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    private ApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public static ApiClient at(int port, String token) {
        return new ApiClient("http://127.0.0.1:" + port, token);
    }

    /** The same server with another token; {@code null} sends no Authorization header. */
    public ApiClient as(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    public Answer get(String path) {
        return send(request(path).GET());
    }

    public Answer post(String path, String body) {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    public Answer post(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Posts with this Content-Type header, or none when {@code contentType} is null. */
    public Answer post(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    /** Posts without a Content-Length (chunked), so the server learns the size only by reading. */
    public Answer postStreamed(String path, byte[] body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    /** A GET whose answer is not JSON (a log bundle): status, headers and the bytes as sent. */
    public HttpResponse<byte[]> download(String path) {
        try {
            return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    /** A request of any method without a body, answered with its status, headers and bytes as sent. */
    public HttpResponse<byte[]> exchange(String method, String path) {
        try {
            return HTTP.send(request(path).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = response.body().length == 0 ? MissingNode.getInstance()
                    : Json.MAPPER.readTree(response.body());
            return new Answer(response.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
