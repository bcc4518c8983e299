package io.almengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.almengine.model.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The storm's webhook receiver: a JDK HTTP server on 127.0.0.1 that takes every message the engine
 * sends to {@link #url()}, answers 200, and keeps when it came and which alarms (serial numbers) it
 * named. The warm-up's messages go to {@link #warmUpUrl()}, answered and not counted.
 */
final class StormReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<Long> receivedAtNanos = new CopyOnWriteArrayList<>();
    private final Set<Long> named = ConcurrentHashMap.newKeySet();

    private StormReceiver(HttpServer server) {
        this.server = server;
    }

    static StormReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var receiver = new StormReceiver(server);
        server.createContext("/storm", receiver::take);
        server.createContext("/warm-up", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/storm";
    }

    String warmUpUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/warm-up";
    }

    private void take(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        try {
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            body.path("alerts").forEach(a -> named.add(a.path("labels").path("serialNo").asLong()));
        } catch (IOException e) {
            // Counted as a message all the same: the limit is on messages, whatever they hold.
        }
        receivedAtNanos.add(at);
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    int messages() {
        return receivedAtNanos.size();
    }

    /** When the last message came ({@link System#nanoTime()}), or {@code fallback} before the first. */
    long lastMessageNanos(long fallback) {
        return receivedAtNanos.isEmpty() ? fallback : receivedAtNanos.get(receivedAtNanos.size() - 1);
    }

    /** Whether a message named the alarm. */
    boolean named(long serialNo) {
        return named.contains(serialNo);
    }

    /** The most messages received within any 60 s: the sliding window a robot's limit is counted over. */
    int maxInAnyMinute() {
        long[] at = receivedAtNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        long minute = Duration.ofMinutes(1).toNanos();
        int max = 0;
        for (int i = 0, j = 0; i < at.length; i++) {
            while (at[i] - at[j] >= minute) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
