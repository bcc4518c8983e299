package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to an engine's {@code POST /api/events}, one array per batch (the engine publishes a
 * body's events all or none). The token is read from its file at every attempt, so a rotated
 * token is picked up without a restart.
 */
public final class EngineEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(EngineEventSink.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI events;
    private final Path tokenFile;

    public EngineEventSink(String engineUrl, Path tokenFile) {
        String base = engineUrl.endsWith("/") ? engineUrl.substring(0, engineUrl.length() - 1) : engineUrl;
        this.events = URI.create(base + "/api/events");
        this.tokenFile = tokenFile;
    }

    @Override
    public Result publish(List<ConnectionEvent> batch) throws IOException {
        return post(Json.MAPPER.writeValueAsBytes(batch), batch.size() + " events");
    }

    /**
     * A request of its own, after the events': an engine that does not know watermarks refuses it
     * (400), and that must not cost the events.
     */
    @Override
    public Result publishWatermark(Watermark watermark) throws IOException {
        return post(Json.MAPPER.writeValueAsBytes(watermark), "the watermark");
    }

    private Result post(byte[] body, String what) throws IOException {
        String token = Files.readString(tokenFile).trim();
        HttpRequest request = HttpRequest.newBuilder(events)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 202) {
            return Result.DELIVERED;
        }
        if (status == 400 || status == 413) {
            LOG.error("the engine refused {} ({}): {}", what, status, response.body());
            return Result.REJECTED;
        }
        throw new IOException("the engine answered " + status + ": " + response.body());
    }

    @Override
    public String describe() {
        return "engine " + events;
    }

    @Override
    public void close() {
        // Java 17's HttpClient has nothing to close; its threads end with the process.
    }
}
