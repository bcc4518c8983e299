package io.almengine.notify;

import java.time.Instant;
import java.util.Map;

/**
 * One alarm inside a {@link Notification}, as an Alertmanager alert. Labels hold {@code alertname}
 * ("ALM-24003"), {@code alarmId}, {@code serialNo}, {@code severity} and every alarm parameter;
 * annotations {@code summary}, {@code summaryZh}, {@code description} and {@code runbook} (a URL).
 *
 * <p>The northbound receivers (syslog, SNMP) also read, when present, these annotations, each with
 * a fallback when absent:
 * <ul>
 *   <li>{@code autoClear}: "true" or "false", the definition's auto-clear (是否自动清除); absent: true;
 *   <li>{@code clearType}: on a resolved alarm, "auto" (cleared by its condition) or "manual" (cleared
 *       by an operator); absent: "auto" when {@code autoClear}, else "manual";
 *   <li>{@code category}: "event" for an alarm type that reports a moment and never stays active
 *       (FusionInsight's category 2); absent: fault while firing, clear once resolved;
 *   <li>{@code cause}: the possible causes (可能原因), one line; absent: empty;
 *   <li>{@code additionalInfo}: free text for the NMS; absent: {@code description}.
 * </ul>
 *
 * @param endsAt the clear time, or {@code null} while the alarm is active
 * @param generatorUrl the alarm's page in the console
 */
public record Notice(
        Notification.Status status,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorUrl,
        String fingerprint) {

    public static final String SUMMARY = "summary";
    public static final String SUMMARY_ZH = "summaryZh";
    public static final String DESCRIPTION = "description";
    public static final String RUNBOOK = "runbook";
    public static final String AUTO_CLEAR = "autoClear";
    public static final String CLEAR_TYPE = "clearType";
    public static final String CATEGORY = "category";
    public static final String CAUSE = "cause";
    public static final String ADDITIONAL_INFO = "additionalInfo";
    /**
     * The serial number of the root-cause alarm this one is a child of (a client of a server port
     * that lost most of its clients): such an alarm is not notified on its own, its parent is.
     */
    public static final String PARENT = "parent";
    /** On a root-cause alarm: what it stands for in the clients' words ("200 clients affected"). */
    public static final String AFFECTED = "affected";

    public Notice {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
