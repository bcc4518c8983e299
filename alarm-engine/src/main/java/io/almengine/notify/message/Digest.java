package io.almengine.notify.message;

import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * One notification as people read it, in the receiver's language: the subject
 * ({@code [FIRING:3] ALM-24003 Flume Client connection interrupted}), one {@link Entry} per alarm
 * and how many alarms of the group were left out ({@link Notification#truncatedAlerts()}), with a
 * link to the console's list for them.
 *
 * @param listUrl the console's alarm list filtered on the group's labels, or {@code null} without
 *                an external URL
 */
public record Digest(
        MessageStyle style,
        Notification.Status status,
        String subject,
        List<Entry> entries,
        int omitted,
        String listUrl) {

    /** Labels every alarm has; the rest are the alarm's parameters. */
    private static final Set<String> NOT_PARAMETERS = Set.of("alertname", "alarmId", "serialNo", "severity");

    public Digest {
        entries = List.copyOf(entries);
    }

    /**
     * One alarm.
     *
     * @param clearedAt the clear time with its zone, or {@code null} while active
     * @param runbookUrl {@code null} when the alarm type has no runbook
     */
    public record Entry(
            Notification.Status status,
            String alertname,
            String name,
            String severity,
            String serialNo,
            SortedMap<String, String> parameters,
            String occurredAt,
            String clearedAt,
            String alarmUrl,
            String runbookUrl) {

        public boolean resolved() {
            return status == Notification.Status.RESOLVED;
        }

        /** "source=flume-01, clientIp=10.0.0.5". */
        public String parameterList() {
            StringJoiner list = new StringJoiner(", ");
            parameters.forEach((name, value) -> list.add(name + "=" + value));
            return list.toString();
        }
    }

    public static Digest of(Notification notification, MessageStyle style) {
        Language language = style.language();
        List<Entry> entries = new ArrayList<>();
        for (Notice notice : notification.alerts()) {
            entries.add(entry(notice, style));
        }
        long firing = entries.stream().filter(e -> !e.resolved()).count() + notification.truncatedAlerts();
        int total = entries.size() + notification.truncatedAlerts();
        // As Alertmanager titles a group: a firing group counts what still fires.
        long counted = notification.status() == Notification.Status.FIRING ? firing : total;
        String subject = "[" + language.status(notification.status()) + ":" + counted + "] "
                + what(notification, entries, language, total);
        return new Digest(style, notification.status(), subject, entries, notification.truncatedAlerts(),
                listUrl(notification));
    }

    public int total() {
        return entries.size() + omitted;
    }

    /** The same message with only its first {@code count} entries; the others are counted as left out. */
    public Digest keepingFirst(int count) {
        return new Digest(style, status, subject, entries.subList(0, count), omitted + entries.size() - count, listUrl);
    }

    /** The runbook of every entry when they share one (a group of one alarm type), else null. */
    public String commonRunbook() {
        String first = entries.isEmpty() ? null : entries.get(0).runbookUrl();
        return entries.stream().allMatch(e -> java.util.Objects.equals(e.runbookUrl(), first)) ? first : null;
    }

    private static String what(Notification notification, List<Entry> entries, Language language, int total) {
        String alertname = notification.commonLabels().get("alertname");
        if (alertname == null && !entries.isEmpty()
                && entries.stream().allMatch(e -> e.alertname().equals(entries.get(0).alertname()))) {
            alertname = entries.get(0).alertname();
        }
        if (alertname != null && !entries.isEmpty()) {
            return alertname + " " + entries.get(0).name();
        }
        if (!notification.groupLabels().isEmpty()) {
            StringJoiner values = new StringJoiner(" ");
            new TreeMap<>(notification.groupLabels()).values().forEach(values::add);
            return values + " (" + language.alarms(total) + ")";
        }
        return language.alarms(total);
    }

    private static Entry entry(Notice notice, MessageStyle style) {
        Map<String, String> labels = notice.labels();
        String alertname = labels.getOrDefault("alertname", "ALM-" + labels.getOrDefault("alarmId", "?"));
        String name = style.language() == Language.ZH
                ? notice.annotations().getOrDefault("summaryZh", notice.annotations().get("summary"))
                : notice.annotations().get("summary");
        String affected = notice.annotations().get(Notice.AFFECTED);
        if (name != null && affected != null) {
            // A root-cause alarm's one message says how many clients its outage took.
            name = name + " (" + style.language().clientsAffected(affected) + ")";
        }
        SortedMap<String, String> parameters = new TreeMap<>();
        labels.forEach((label, value) -> {
            if (!NOT_PARAMETERS.contains(label)) {
                parameters.put(label, oneLine(value));
            }
        });
        return new Entry(notice.status(), alertname, name == null ? alertname : oneLine(name),
                labels.get("severity"), labels.getOrDefault("serialNo", "?"), parameters,
                style.time(notice.startsAt()),
                notice.endsAt() == null ? null : style.time(notice.endsAt()),
                notice.generatorUrl(), blankToNull(notice.annotations().get("runbook")));
    }

    private static String listUrl(Notification notification) {
        String base = notification.externalUrl();
        if (base == null || base.isBlank()) {
            return null;
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        new TreeMap<>(notification.groupLabels()).forEach((label, value) ->
                query.add(label + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return base.replaceAll("/+$", "") + "/#/active" + query;
    }

    /** A label may hold a line break; a message line may not. */
    private static String oneLine(String value) {
        return value == null ? "" : value.replaceAll("[\\r\\n]+", " ");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
