package io.almengine.notify;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An alarm as an Alertmanager alert: its labels (what routes match and groups are made of), its
 * annotations and its links, all under the external URL.
 */
public final class AlarmNotices {

    /** The changes people are told about; acknowledgements, comments and the like are not news for a phone. */
    static final Set<String> NEWS = Set.of(AlarmChange.RAISED, AlarmChange.RECURRED, AlarmChange.SEVERITY_CHANGED,
            AlarmChange.CLEARED, AlarmChange.RETRACTED, AlarmChange.LINKED, AlarmChange.UNLINKED);

    private final DefinitionCatalog catalog;
    private final Supplier<String> externalUrl;

    public AlarmNotices(DefinitionCatalog catalog, String externalUrl) {
        this(catalog, () -> externalUrl);
    }

    /** {@code externalUrl} asked when a link is made: the engine's own address is known once it serves. */
    public AlarmNotices(DefinitionCatalog catalog, Supplier<String> externalUrl) {
        this.catalog = catalog;
        this.externalUrl = externalUrl;
    }

    public String externalUrl() {
        String url = externalUrl.get();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Whether people are told about this change. */
    public boolean isNews(String change) {
        return NEWS.contains(change);
    }

    /** The notice of this change, or nothing when the change is not one people are told about. */
    public Optional<Notice> of(String change, Alarm alarm) {
        return isNews(change) ? Optional.of(notice(alarm)) : Optional.empty();
    }

    public Notice notice(Alarm alarm) {
        Map<String, String> labels = labels(alarm);
        Optional<AlarmDefinition> def = catalog.byId(alarm.alarmId());
        var annotations = new LinkedHashMap<String, String>();
        annotations.put("summary", alarm.name());
        annotations.put("summaryZh", alarm.nameZh() == null ? alarm.name() : alarm.nameZh());
        def.ifPresent(d -> {
            annotations.put("description", d.impact().en());
            annotations.put("descriptionZh", d.impact().zh());
            // What a northbound NMS shows (FusionInsight's isAutoClear and cause).
            annotations.put(Notice.AUTO_CLEAR, Boolean.toString(d.autoClear()));
            annotations.put(Notice.CAUSE, String.join("; ", d.causes().stream().map(AlarmDefinition.Text::en).toList()));
        });
        if (alarm.clearType() != null) {
            annotations.put(Notice.CLEAR_TYPE, alarm.clearType().wireName());
        }
        annotations.putIfAbsent("description", alarm.name());
        if (alarm.parent() != null) {
            annotations.put(Notice.PARENT, Long.toString(alarm.parent()));
        }
        String affected = alarm.params().get("clientsDown");
        if (def.map(AlarmDefinition::perServerPort).orElse(false) && affected != null && !affected.isEmpty()) {
            // The one message of an outage says how big it is; its clients are not notified one by one.
            annotations.put(Notice.AFFECTED, affected);
        }
        annotations.put("runbook", alarmUrl(alarm.serialNo()) + "/runbook");
        return new Notice(alarm.active() ? Notification.Status.FIRING : Notification.Status.RESOLVED, labels,
                annotations, alarm.occurredAt(), alarm.active() ? null : alarm.clearedAt(), alarmUrl(alarm.serialNo()),
                fingerprint(labels));
    }

    /** Every parameter, then the alarm's own labels (which a parameter of the same name cannot hide). */
    public Map<String, String> labels(Alarm alarm) {
        var labels = new TreeMap<String, String>();
        alarm.labels().forEach((k, v) -> labels.put(k, v == null ? "" : v));
        catalog.byId(alarm.alarmId()).ifPresent(d -> labels.put("component", d.component()));
        labels.values().removeIf(String::isEmpty);
        return labels;
    }

    /** The alarm's page in the console. */
    public String alarmUrl(long serialNo) {
        return externalUrl() + "/#/alarm/" + serialNo;
    }

    /** The console's list of active alarms: where a digest sends the reader for the rest. */
    public String activeListUrl() {
        return externalUrl() + "/#/active";
    }

    /**
     * Alertmanager's fingerprint: FNV-1a 64 over the labels sorted by name, each name and value
     * followed by the separator byte 0xff, as 16 hex digits.
     */
    public static String fingerprint(Map<String, String> labels) {
        long hash = 0xcbf29ce484222325L;
        for (var e : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, e.getKey());
            hash = add(hash, e.getValue());
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= 0xff;
        hash *= 0x100000001b3L;
        return hash;
    }
}
