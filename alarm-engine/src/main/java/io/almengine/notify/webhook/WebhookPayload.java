package io.almengine.notify.webhook;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook body, version 4, field for field, so a receiver written for Alertmanager
 * reads it unchanged. An alert still firing has Go's zero time as {@code endsAt}, as Alertmanager's
 * receivers are used to parse.
 */
@JsonPropertyOrder({"version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
        "commonAnnotations", "externalURL", "alerts"})
public record WebhookPayload(
        String version,
        String groupKey,
        int truncatedAlerts,
        String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        @JsonProperty("externalURL") String externalUrl,
        List<Alert> alerts) {

    public static final String VERSION = "4";
    /** Go's {@code time.Time{}}: "not ended" in Alertmanager's payloads. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    @JsonPropertyOrder({"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"})
    public record Alert(
            String status,
            Map<String, String> labels,
            Map<String, String> annotations,
            String startsAt,
            String endsAt,
            @JsonProperty("generatorURL") String generatorUrl,
            String fingerprint) {

        static Alert of(Notice notice) {
            return new Alert(notice.status().wireName(), new java.util.TreeMap<>(notice.labels()),
                    new java.util.TreeMap<>(notice.annotations()), time(notice.startsAt()),
                    notice.endsAt() == null ? ZERO_TIME : time(notice.endsAt()), notice.generatorUrl(),
                    notice.fingerprint());
        }
    }

    /** {@code maxAlerts} (0: no limit) keeps the first ones and counts the rest in {@code truncatedAlerts}. */
    public static WebhookPayload of(Notification n, int maxAlerts) {
        List<Notice> kept = maxAlerts > 0 && n.alerts().size() > maxAlerts ? n.alerts().subList(0, maxAlerts) : n.alerts();
        int truncated = n.truncatedAlerts() + n.alerts().size() - kept.size();
        return new WebhookPayload(VERSION, n.groupKey(), truncated, n.status().wireName(), n.receiver(),
                new java.util.TreeMap<>(n.groupLabels()), new java.util.TreeMap<>(n.commonLabels()),
                new java.util.TreeMap<>(n.commonAnnotations()), n.externalUrl(),
                kept.stream().map(Alert::of).toList());
    }

    private static String time(Instant instant) {
        return instant == null ? ZERO_TIME : instant.toString();
    }
}
