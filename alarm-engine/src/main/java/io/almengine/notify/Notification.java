package io.almengine.notify;

import java.util.List;
import java.util.Map;

/**
 * One message for one receiver: the alarms of one group, in the shape of Alertmanager's webhook
 * payload (version 4), which every receiver formats in its own service's terms.
 *
 * @param truncatedAlerts alarms of the group left out of {@code alerts} to stay within a limit
 */
public record Notification(
        String receiver,
        String groupKey,
        Status status,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalUrl,
        List<Notice> alerts,
        int truncatedAlerts) {

    public enum Status {
        FIRING, RESOLVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Notification {
        groupLabels = Map.copyOf(groupLabels);
        commonLabels = Map.copyOf(commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations);
        alerts = List.copyOf(alerts);
    }
}
