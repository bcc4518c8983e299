package io.almengine.notify.northbound;

import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import io.almengine.notify.message.Language;
import io.almengine.notify.message.MessageStyle;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One alarm in FusionInsight's northbound terms, the fields an NMS that takes FusionInsight's syslog
 * or traps already parses.
 *
 * @param serialNo the alarm's serial number, the same in its fault and its clear message
 * @param id the alarm type's number (24003)
 * @param category {@link #FAULT}, {@link #CLEAR} or {@link #EVENT}
 * @param clearTime {@code null} until cleared
 * @param clearType {@link #NOT_CLEARED}, {@link #AUTO_CLEARED} or {@link #MANUALLY_CLEARED}
 * @param level 1 critical, 2 major, 3 minor, 4 warning
 * @param locationInfo the alarm's location parameters, "clientIp=10.0.0.5, source=flume-01"
 */
public record NorthboundAlarm(
        String serialNo,
        int id,
        String alertname,
        String name,
        int category,
        Instant occurTime,
        Instant clearTime,
        boolean isAutoClear,
        int clearType,
        int level,
        String locationInfo,
        String cause,
        String additionalInfo) {

    public static final int FAULT = 0;
    public static final int CLEAR = 1;
    public static final int EVENT = 2;

    public static final int NOT_CLEARED = -1;
    public static final int AUTO_CLEARED = 0;
    public static final int MANUALLY_CLEARED = 2;

    /** Labels every alarm has; the rest are its location parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("alertname", "alarmId", "serialNo", "severity");

    /** The template's field names, in FusionInsight's order. */
    public static final java.util.List<String> FIELDS = java.util.List.of("serialNo", "id", "name", "category",
            "occurTime", "clearTime", "isAutoClear", "clearType", "level", "locationInfo", "cause", "additionalInfo");

    public static NorthboundAlarm of(Notice notice, Language language) {
        Map<String, String> labels = notice.labels();
        Map<String, String> annotations = notice.annotations();
        boolean cleared = notice.status() == Notification.Status.RESOLVED;
        String alarmId = labels.getOrDefault("alarmId", "");
        String alertname = labels.getOrDefault("alertname", "ALM-" + alarmId);
        String name = language == Language.ZH
                ? annotations.getOrDefault(Notice.SUMMARY_ZH, annotations.get(Notice.SUMMARY))
                : annotations.get(Notice.SUMMARY);
        // An alarm type that clears itself unless the definition says otherwise: most do (24003 does).
        boolean autoClear = !"false".equalsIgnoreCase(annotations.get(Notice.AUTO_CLEAR));
        boolean event = "event".equalsIgnoreCase(annotations.get(Notice.CATEGORY));
        int clearType = !cleared ? NOT_CLEARED
                : switch (annotations.getOrDefault(Notice.CLEAR_TYPE, autoClear ? "auto" : "manual").toLowerCase(Locale.ROOT)) {
                    case "manual" -> MANUALLY_CLEARED;
                    default -> AUTO_CLEARED;
                };
        StringJoiner location = new StringJoiner(", ");
        new TreeMap<>(labels).forEach((label, value) -> {
            if (!NOT_PARAMETERS.contains(label)) {
                location.add(label + "=" + oneLine(value));
            }
        });
        return new NorthboundAlarm(labels.getOrDefault("serialNo", ""), number(alarmId), alertname,
                oneLine(name == null ? alertname : name),
                event ? EVENT : cleared ? CLEAR : FAULT,
                notice.startsAt(), cleared ? notice.endsAt() : null, autoClear, clearType,
                level(labels.get("severity")), location.toString(),
                oneLine(annotations.getOrDefault(Notice.CAUSE, "")),
                oneLine(annotations.getOrDefault(Notice.ADDITIONAL_INFO, annotations.getOrDefault(Notice.DESCRIPTION, ""))));
    }

    /** critical 1, major 2, minor 3, warning 4 (and anything unknown 4: the least urgent). */
    static int level(String severity) {
        return switch (severity == null ? "" : severity.toLowerCase(Locale.ROOT)) {
            case "critical" -> 1;
            case "major" -> 2;
            case "minor" -> 3;
            default -> 4;
        };
    }

    public boolean cleared() {
        return clearTime != null;
    }

    /** Every field by its template name; times as ISO-8601 in the receiver's zone, an absent time empty. */
    public Map<String, String> fields(MessageStyle style) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("serialNo", serialNo);
        fields.put("id", Integer.toString(id));
        fields.put("name", name);
        fields.put("category", Integer.toString(category));
        fields.put("occurTime", time(occurTime, style));
        fields.put("clearTime", time(clearTime, style));
        fields.put("isAutoClear", Boolean.toString(isAutoClear));
        fields.put("clearType", Integer.toString(clearType));
        fields.put("level", Integer.toString(level));
        fields.put("locationInfo", locationInfo);
        fields.put("cause", cause);
        fields.put("additionalInfo", additionalInfo);
        return fields;
    }

    static String time(Instant instant, MessageStyle style) {
        return instant == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(style.zone()));
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A syslog message and a trap's string are one line; a label may hold a line break. */
    static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ");
    }
}
