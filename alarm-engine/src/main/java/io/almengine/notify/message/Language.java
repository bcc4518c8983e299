package io.almengine.notify.message;

import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notification;
import io.almengine.notify.ReceiverSpec;
import java.util.Locale;
import java.util.Map;

/** The language of a receiver's messages ({@code language: en|zh}), with the words it uses. */
public enum Language {

    EN("FIRING", "RESOLVED", "Recovered", "Severity", "Serial", "Occurred", "Cleared", "Parameters",
            "Alarm", "Runbook", "%d more alarms", "%d alarms",
            Map.of("critical", "Critical", "major", "Major", "minor", "Minor", "warning", "Warning")),
    // The console's own Chinese terms, so a message reads like the screen it links to.
    ZH("告警", "已恢复", "已恢复", "级别", "流水号", "产生时间", "清除时间", "参数",
            "查看告警", "处理步骤", "另有 %d 条告警", "%d 条告警",
            Map.of("critical", "紧急", "major", "重要", "minor", "次要", "warning", "提示"));

    final String firing;
    final String resolved;
    public final String recovered;
    public final String severity;
    public final String serial;
    public final String occurred;
    public final String cleared;
    public final String parameters;
    public final String alarm;
    public final String runbook;
    private final String more;
    private final String alarms;
    private final Map<String, String> severities;

    Language(String firing, String resolved, String recovered, String severity, String serial,
             String occurred, String cleared, String parameters, String alarm, String runbook,
             String more, String alarms, Map<String, String> severities) {
        this.firing = firing;
        this.resolved = resolved;
        this.recovered = recovered;
        this.severity = severity;
        this.serial = serial;
        this.occurred = occurred;
        this.cleared = cleared;
        this.parameters = parameters;
        this.alarm = alarm;
        this.runbook = runbook;
        this.more = more;
        this.alarms = alarms;
        this.severities = severities;
    }

    /** The receiver's {@code language} field; English when absent. */
    public static Language of(ReceiverSpec spec) {
        String value = spec.optional("language", "en");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "en" -> EN;
            case "zh" -> ZH;
            default -> throw new InvalidReceiverException("language", "must be en or zh, not '" + value + "'");
        };
    }

    public String status(Notification.Status status) {
        return status == Notification.Status.FIRING ? firing : resolved;
    }

    /** "37 more alarms" / "另有 37 条告警". */
    public String more(int count) {
        return this == EN && count == 1 ? "1 more alarm" : String.format(Locale.ROOT, more, count);
    }

    public String alarms(int count) {
        return String.format(Locale.ROOT, alarms, count);
    }

    /** What a root-cause alarm stands for: "200 clients affected" / "影响 200 个客户端". */
    public String clientsAffected(String count) {
        return this == EN ? count + " clients affected" : "影响 " + count + " 个客户端";
    }

    /** The severity as the console names it; an unknown one as it came. */
    public String severityName(String severity) {
        return severity == null ? "" : severities.getOrDefault(severity, severity);
    }
}
