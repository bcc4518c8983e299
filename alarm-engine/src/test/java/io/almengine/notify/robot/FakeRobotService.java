package io.almengine.notify.robot;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.almengine.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A robot service of the internet as a real HTTP server on 127.0.0.1, for the receivers' tests: it
 * keeps what it accepted, counts its rate limit on the test's clock, and can be told to fail like
 * an overloaded gateway. Each subclass checks and answers as its service does.
 */
abstract class FakeRobotService implements AutoCloseable {

    /** What the fake took: the request's query parameters and JSON body. */
    record Received(Map<String, String> query, JsonNode body) {
    }

    private final HttpServer server;
    protected final Clock clock;
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final Deque<Instant> sends = new ArrayDeque<>();
    private volatile int failWithStatus;
    private volatile String retryAfter;
    private volatile Duration hang = Duration.ZERO;

    protected FakeRobotService(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::exchange);
        // A hanging answer must not hold up the next request.
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> accepted() {
        return List.copyOf(accepted);
    }

    JsonNode last() {
        return accepted.get(accepted.size() - 1).body();
    }

    /** Answers every request with this HTTP status (and an HTML page) until told 0. */
    void failWith(int status) {
        failWith(status, null);
    }

    /** Waits this long (real time) before answering, as an overloaded service does. */
    void hangFor(Duration duration) {
        hang = duration;
    }

    /** The same, with a {@code Retry-After} header as a gateway that sheds load sends it. */
    void failWith(int status, String retryAfter) {
        failWithStatus = status;
        this.retryAfter = retryAfter;
    }

    /**
     * The service's answer to one request: its JSON body, or null to accept the message (the fake
     * then records it and answers the success body).
     */
    protected abstract String check(String path, Map<String, String> query, JsonNode body, byte[] raw);

    protected abstract String success();

    /** Whether {@code limit} messages were already accepted in the {@code window} before now. */
    protected synchronized boolean beyond(int limit, Duration window) {
        Instant now = clock.instant();
        return sends.stream().filter(at -> at.isAfter(now.minus(window))).count() >= limit;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            if (!hang.isZero()) {
                try {
                    Thread.sleep(hang.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            int status = failWithStatus;
            if (status != 0) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().set("Retry-After", retryAfter);
                }
                reply(exchange, status, "<html><body><h1>" + status + " Bad Gateway</h1></body></html>");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            JsonNode body = Json.MAPPER.readTree(raw);
            String refusal = check(exchange.getRequestURI().getPath(), query, body, raw);
            if (refusal != null) {
                reply(exchange, 200, refusal);
                return;
            }
            synchronized (this) {
                sends.addLast(clock.instant());
                while (sends.size() > 1000) {
                    sends.removeFirst();
                }
            }
            accepted.add(new Received(query, body));
            reply(exchange, 200, success());
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Query parameters decoded as a server does (so a '+' left unencoded in a sign reads as a space). */
    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    static String hmacBase64(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.Base64.getEncoder().encodeToString(mac.doFinal(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
