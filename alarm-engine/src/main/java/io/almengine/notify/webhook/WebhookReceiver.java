package io.almengine.notify.webhook;

import io.almengine.model.Json;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notification;
import io.almengine.notify.Receiver;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Alertmanager's webhook: the payload of {@link WebhookPayload} POSTed as JSON. A 2xx is sent; a 5xx,
 * a 429, a timeout or a refused connection may work later; any other answer never will as it is.
 *
 * <p>Fields: {@code url} (required), {@code timeout} (ISO-8601, default PT10S), {@code maxAlerts}
 * (0: all), {@code perMinute} / {@code perSecond} (the endpoint's own limit, default none).
 */
public final class WebhookReceiver implements Receiver {

    public static final String TYPE = "webhook";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Enough of an answer to say what went wrong, not a whole error page. */
    static final int ANSWER_CHARS = 500;

    private final String name;
    private final URI url;
    private final Duration timeout;
    private final int maxAlerts;
    private final SendLimit limit;
    private final HttpClient client;

    private WebhookReceiver(String name, URI url, Duration timeout, int maxAlerts, SendLimit limit) {
        this.name = name;
        this.url = url;
        this.timeout = timeout;
        this.maxAlerts = maxAlerts;
        this.limit = limit;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static WebhookReceiver of(ReceiverSpec spec) {
        URI url;
        try {
            url = URI.create(spec.required("url"));
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidReceiverException invalid) {
                throw invalid;
            }
            throw new InvalidReceiverException("url", "is not a URL");
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new InvalidReceiverException("url", "must be an http:// or https:// URL with a host");
        }
        Duration timeout;
        try {
            timeout = Duration.parse(spec.optional("timeout", DEFAULT_TIMEOUT.toString()));
        } catch (DateTimeParseException e) {
            throw new InvalidReceiverException("timeout", "must be an ISO-8601 duration such as PT10S");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidReceiverException("timeout", "must be more than zero");
        }
        return new WebhookReceiver(spec.name(), url, timeout, count(spec, "maxAlerts"),
                new SendLimit(count(spec, "perMinute"), count(spec, "perSecond"), Duration.ZERO));
    }

    private static int count(ReceiverSpec spec, String field) {
        try {
            int value = Integer.parseInt(spec.optional(field, "0").strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidReceiverException(field, "must be a whole number, 0 or more");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendLimit limit() {
        return limit;
    }

    @Override
    public Delivery deliver(Notification notification) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(WebhookPayload.of(notification, maxAlerts));
        } catch (IOException e) {
            return Delivery.failed("cannot write the payload: " + e.getMessage());
        }
        var request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "alm-engine")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return Delivery.retry("no answer within " + timeout, null);
        } catch (IOException e) {
            return Delivery.retry("cannot reach " + url.getHost() + ":" + port(url) + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted while sending", null);
        }
        int status = response.statusCode();
        String answer = status + " " + shorten(response.body());
        if (status >= 200 && status < 300) {
            return Delivery.sent(answer);
        }
        if (status >= 500 || status == 429) {
            return Delivery.retry(answer, retryAfter(response));
        }
        return Delivery.failed(answer);
    }

    private static int port(URI url) {
        return url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    }

    /** The seconds form of {@code Retry-After}; the date form is rare enough to back off as usual. */
    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,6}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    static String shorten(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= ANSWER_CHARS ? text : text.substring(0, ANSWER_CHARS) + "…";
    }
}
