package io.almengine.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Notifications as the routing stage hands them to receivers, for the receivers' tests. */
public final class SampleNotices {

    public static final String EXTERNAL_URL = "https://alm.example.com";
    public static final Instant OCCURRED = Instant.parse("2026-12-04T13:47:33Z");
    public static final Instant CLEARED = Instant.parse("2026-12-04T13:52:10Z");

    private SampleNotices() {
    }

    /** One ALM-24003 alarm of a Flume client, firing or (with {@code cleared}) resolved. */
    public static Notice flumeClient(long serialNo, String clientIp, boolean cleared) {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", "ALM-24003");
        labels.put("alarmId", "24003");
        labels.put("serialNo", Long.toString(serialNo));
        labels.put("severity", "major");
        labels.put("source", "flume-01");
        labels.put("clientIp", clientIp);
        return new Notice(cleared ? Notification.Status.RESOLVED : Notification.Status.FIRING, labels,
                Map.of("summary", "Flume Client connection interrupted",
                        "summaryZh", "Flume客户端连接中断",
                        "description", "Events from this client are not collected.",
                        "runbook", EXTERNAL_URL + "/#/alarm/" + serialNo + "/runbook"),
                OCCURRED.plusSeconds(serialNo % 60), cleared ? CLEARED : null,
                EXTERNAL_URL + "/#/alarm/" + serialNo, "fp" + serialNo);
    }

    /** A group of {@code count} ALM-24003 alarms of source flume-01, {@code truncated} more left out. */
    public static Notification group(int count, int truncated, boolean cleared) {
        List<Notice> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.add(flumeClient(1024 + i, "10.0.%d.%d".formatted(i / 250, 1 + i % 250), cleared));
        }
        return new Notification("ops", "{}:{alarmId=\"24003\", source=\"flume-01\"}",
                cleared ? Notification.Status.RESOLVED : Notification.Status.FIRING,
                Map.of("alarmId", "24003", "source", "flume-01"),
                Map.of("alertname", "ALM-24003", "alarmId", "24003", "severity", "major", "source", "flume-01"),
                Map.of("summary", "Flume Client connection interrupted", "summaryZh", "Flume客户端连接中断"),
                EXTERNAL_URL, alerts, truncated);
    }

    public static Notification firing(int count) {
        return group(count, 0, false);
    }
}
