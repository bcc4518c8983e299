package io.almengine.silence;

import io.almengine.kafka.OwnWrites;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.rules.Decision;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every silence and mask of the fleet, as {@code alm.silences} and {@code alm.masks} hold them,
 * kept current by topic mirrors on every instance; and the answers about one alarm. A record that
 * cannot be read is skipped with a log line: one bad record must not hide the others.
 */
public final class Suppressions {

    private static final Logger LOG = LoggerFactory.getLogger(Suppressions.class);

    private final Map<String, Silence> silences = new ConcurrentHashMap<>();
    private final Map<Integer, Mask> masks = new ConcurrentHashMap<>();
    private final List<IntConsumer> maskListeners = new CopyOnWriteArrayList<>();
    private final OwnWrites ownSilences = new OwnWrites();
    private final OwnWrites ownMasks = new OwnWrites();

    /** Applies one record of {@code alm.silences} as the mirror reads it; a tombstone forgets the silence. */
    public void acceptSilence(String id, byte[] value) {
        if (ownSilences.apply(id, value)) {
            applySilence(id, value);
        }
    }

    /** Applies a silence this instance has just written (acknowledged by Kafka), ahead of the mirror. */
    void acceptOwnSilence(String id, byte[] value) {
        ownSilences.wrote(id, value);
        applySilence(id, value);
    }

    private void applySilence(String id, byte[] value) {
        if (value == null) {
            silences.remove(id);
            return;
        }
        Silence.stored(value).ifPresentOrElse(s -> silences.put(id, s),
                () -> LOG.warn("alm.silences: record {} is not a silence; skipped", id));
    }

    /** Applies one record of {@code alm.masks} as the mirror reads it; a tombstone unmasks. */
    public void acceptMask(String alarmId, byte[] value) {
        if (ownMasks.apply(alarmId, value)) {
            applyMask(alarmId, value);
        }
    }

    /** Applies a mask this instance has just written (acknowledged by Kafka), ahead of the mirror. */
    void acceptOwnMask(String alarmId, byte[] value) {
        ownMasks.wrote(alarmId, value);
        applyMask(alarmId, value);
    }

    private void applyMask(String alarmId, byte[] value) {
        int id;
        try {
            id = Integer.parseInt(alarmId);
        } catch (NumberFormatException e) {
            LOG.warn("alm.masks: key '{}' is not an alarm id; skipped", alarmId);
            return;
        }
        if (value == null) {
            masks.remove(id);
        } else {
            try {
                masks.put(id, Json.MAPPER.readValue(value, Mask.class));
            } catch (IOException e) {
                LOG.warn("alm.masks: record {} is not a mask; skipped", alarmId);
                return;
            }
        }
        maskListeners.forEach(l -> l.accept(id));
    }

    /** The ids of the silences in force that match the alarm at {@code now}, in order; empty when none. */
    public List<String> silencedBy(Alarm alarm, Instant now) {
        if (silences.isEmpty()) {
            return List.of();
        }
        Map<String, String> labels = alarm.labels();
        var ids = new ArrayList<String>(1);
        for (Silence s : silences.values()) {
            if (s.mutes(labels, now)) {
                ids.add(s.id());
            }
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Why a change of {@code alarm} at {@code now} is not to be notified, if it is not: its id is
     * masked, a silence covers it now, or a maintenance window covers it now or covered the moment
     * it occurred (Zabbix's rule: an alarm that started inside a window sends neither its problem
     * nor its recovery).
     */
    public Optional<Quiet> quiet(Alarm alarm, Instant now) {
        return quiet(alarm.labels(), alarm.occurredAt(), alarm.clearedAt(), now);
    }

    /**
     * The same question about an alarm known by its labels (which carry {@code alarmId}), when it
     * occurred and when it cleared ({@code null}: active), as the notification stage knows it.
     */
    public Optional<Quiet> quiet(Map<String, String> labels, Instant occurredAt, Instant clearedAt, Instant now) {
        Mask mask = maskOf(labels);
        if (mask != null && mask.masks(mask.alarmId(), clearedAt)) {
            return Optional.of(new Quiet(Quiet.Kind.MASK, Integer.toString(mask.alarmId()),
                    "ALM-" + mask.alarmId() + " masked by " + mask.createdBy() + ": " + mask.comment()));
        }
        for (Silence s : silences()) {
            if (!s.matches(labels)) {
                continue;
            }
            if (s.schedule() == null) {
                if (s.inForceAt(now)) {
                    return Optional.of(new Quiet(Quiet.Kind.SILENCE, s.id(), "silenced by " + s.id() + ": " + s.comment()));
                }
            } else if (s.inForceAt(now) || s.inForceAt(occurredAt)) {
                String when = s.inForceAt(now) ? "inside" : "started inside";
                return Optional.of(new Quiet(Quiet.Kind.MAINTENANCE_WINDOW, s.id(), when + " maintenance window "
                        + s.id() + " (" + s.schedule().describe() + "): " + s.comment()));
            }
        }
        return quietByRule(labels);
    }

    /**
     * Raised quiet by the rules ({@code Decisions.quiet}): the alarm carries why, and it holds for the
     * alarm's raise and clear alike (e.g. ALM-24003 churn of a link that flaps while ALM-24901 is active).
     */
    private static Optional<Quiet> quietByRule(Map<String, String> labels) {
        String reason = labels.get(Decision.Quiet.SUPPRESSED_BY);
        if (reason == null || reason.isEmpty()) {
            return Optional.empty();
        }
        String by = labels.getOrDefault(Decision.Quiet.SUPPRESSED_BY_ALARM, "");
        return Optional.of(new Quiet(Quiet.Kind.RULE, by, reason + (by.isEmpty() ? "" : ": " + by
                + " is active on this link") + "; raised and cleared as usual, not notified"));
    }

    private Mask maskOf(Map<String, String> labels) {
        try {
            return masks.get(Integer.parseInt(labels.getOrDefault("alarmId", "")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public boolean masked(Alarm alarm) {
        Mask mask = masks.get(alarm.alarmId());
        return mask != null && mask.masks(alarm.alarmId(), alarm.clearedAt());
    }

    /** Called with the alarm id whenever a mask is set or lifted (on the mirror's thread). */
    public void onMaskChange(IntConsumer listener) {
        maskListeners.add(listener);
    }

    public Optional<Silence> silence(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    /** Newest first. */
    public List<Silence> silences() {
        return silences.values().stream().sorted(Comparator.comparing(Silence::createdAt).reversed()
                .thenComparing(Silence::id)).toList();
    }

    public Optional<Mask> mask(int alarmId) {
        return Optional.ofNullable(masks.get(alarmId));
    }

    public List<Mask> masks() {
        return masks.values().stream().sorted(Comparator.comparingInt(Mask::alarmId)).toList();
    }
}
