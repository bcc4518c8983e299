package io.almengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP endpoint on 127.0.0.1 that takes webhook messages as an Alertmanager receiver would:
 * it keeps each body (and when it came, by the given clock) and answers as the test says, 200 by
 * default.
 */
public final class WebhookServer implements AutoCloseable {

    /** How the endpoint answers: status, body and an optional {@code Retry-After} in seconds. */
    public record Answer(int status, String body, Integer retryAfterSeconds) {
        public static final Answer OK = new Answer(200, "ok", null);
    }

    /** One message as received. */
    public record Received(Instant at, JsonNode body, int answeredWith) {
    }

    private final HttpServer server;
    private final Clock clock;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.OK;
    private volatile long delayMillis;

    public WebhookServer(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/alerts", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Answer now = answer;
            received.add(new Received(clock.instant(), Json.MAPPER.readTree(body), now.status()));
            if (now.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(now.retryAfterSeconds()));
            }
            byte[] reply = now.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(now.status(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Takes this long before answering (a slow endpoint: a send is under way for that long). */
    public void delay(java.time.Duration delay) {
        delayMillis = delay.toMillis();
    }

    public void answer(Answer next) {
        answer = next;
    }

    /** Every request so far, whatever it was answered. */
    public List<Received> requests() {
        return new ArrayList<>(received);
    }

    /** The bodies answered with a 2xx: what the receiver took. */
    public List<JsonNode> taken() {
        return received.stream().filter(r -> r.answeredWith() / 100 == 2).map(Received::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
