package io.almengine.notify.robot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One JSON POST to a robot's webhook and what its answer means where every robot agrees: the
 * network or a 5xx (or 429) may pass later, another HTTP error never will, and a 200 carries the
 * service's own code, which {@code interpret} reads. Every answer kept for the delivery log is
 * shortened and has the robot's secrets (token, key, signing secret) blanked out.
 */
final class RobotPost {

    /** A robot answers in well under a second; beyond this the attempt is retried, not waited on. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The receiver's {@code timeout} field (ISO-8601, e.g. PT5S), else {@link #TIMEOUT}. */
    static Duration timeout(ReceiverSpec spec) {
        String value = spec.optional("timeout", null);
        if (value == null) {
            return TIMEOUT;
        }
        try {
            Duration timeout = Duration.parse(value);
            if (!timeout.isNegative() && !timeout.isZero()) {
                return timeout;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new InvalidReceiverException("timeout", "must be a positive ISO-8601 duration such as PT10S, not '" + value + "'");
    }

    private static final int ANSWER_CHARS = 500;

    private final HttpClient http;
    private final Duration timeout;
    private final List<String> secrets;

    RobotPost(HttpClient http, Duration timeout, List<String> secrets) {
        this.http = http;
        this.timeout = timeout;
        // Real tokens and secrets are long; blanking a short one would mangle the answer's numbers.
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= 8).toList();
    }

    Delivery send(URI target, Object body, Function<JsonNode, Delivery> interpret) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a robot message is always JSON", e);
        }
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Delivery.retry(answer("unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted before the answer", null);
        }
        int status = response.statusCode();
        String text = answer("HTTP " + status + ": " + response.body());
        if (status >= 500 || status == 429) {
            return Delivery.retry(text, retryAfter(response));
        }
        if (status >= 300) {
            return Delivery.failed(text);
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (JsonProcessingException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            // A proxy's page rather than the service's answer: the message may not have arrived.
            return Delivery.retry(text, null);
        }
        return interpret.apply(answer);
    }

    /** A gateway's {@code Retry-After} in seconds (the date form is rare and ignored), or null. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.strip().matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value.strip())))
                .orElse(null);
    }

    /** The service's answer as the delivery log keeps it: "errcode 310000: sign not match". */
    String answer(long code, String message) {
        return answer(code + ": " + message);
    }

    private String answer(String text) {
        String safe = text;
        for (String secret : secrets) {
            safe = safe.replace(secret, "***");
        }
        return safe.length() <= ANSWER_CHARS ? safe : safe.substring(0, ANSWER_CHARS) + "…";
    }

    /** A webhook address from the receiver's {@code url} field, named in errors without its token. */
    static URI webhook(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidReceiverException("url", "is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidReceiverException("url", "must be an http(s) address, not '" + scheme + ":'");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new InvalidReceiverException("url", "has no host");
        }
        return uri;
    }

    /** The value of one query parameter as written (still URL-encoded), or null. */
    static String queryValue(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return pair.substring(eq + 1);
            }
        }
        return null;
    }

    /** How long until the next whole minute: the robots count their limit per minute. */
    static Duration untilNextMinute(java.time.Clock clock) {
        long millis = clock.millis();
        return Duration.ofMillis(60_000 - Math.floorMod(millis, 60_000L));
    }

    static long code(JsonNode answer, String field) {
        JsonNode code = answer.get(field);
        return code == null || !code.canConvertToLong() ? Long.MIN_VALUE : code.asLong();
    }

    static String text(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        return value == null ? "" : value.asText();
    }
}
