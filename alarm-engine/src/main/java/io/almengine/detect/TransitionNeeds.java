package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.rules.TransitionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each component's connections keep their up/down transitions: for the longest
 * {@code flapSlot} its definitions declare (21 slots and one more). Components none of whose
 * definitions declare one keep no transitions at all, so flap detection costs nothing elsewhere.
 *
 * <p>Where the transitions come from: the link's own up/down events, or, when a definition also
 * declares {@code flapOf} (an alarm id of the same component), that alarm type's condition as the
 * rules judge it: down when it is raised, up when it recovers. Fluentd's links send heartbeats and
 * are judged lost by phi (ALM-24102); their events never say down.
 */
final class TransitionNeeds {

    /** The setting whose declaration asks detection to keep a link's transitions. */
    static final String SLOT_SETTING = "flapSlot";
    /** The setting naming the alarm type whose raise and recovery are the link's transitions. */
    static final String OF_SETTING = "flapOf";

    private final Map<String, Duration> keep = new HashMap<>();
    /** Per component whose transitions are judged: the judging alarm id. */
    private final Map<String, Integer> judgedBy = new HashMap<>();
    /** Per judging alarm id: the definitions that look at the transitions it makes. */
    private final Map<Integer, List<AlarmDefinition>> watchers = new HashMap<>();

    TransitionNeeds(DefinitionCatalog catalog) {
        for (AlarmDefinition def : catalog.all()) {
            if (def.settings().containsKey(SLOT_SETTING)) {
                Duration d = TransitionHistory.keptFor(def.durationSetting(SLOT_SETTING));
                keep.merge(def.component(), d, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                if (def.settings().containsKey(OF_SETTING)) {
                    int of = def.intSetting(OF_SETTING);
                    judgedBy.put(def.component(), of);
                    watchers.computeIfAbsent(of, k -> new ArrayList<>()).add(def);
                }
            }
        }
    }

    /** How long {@code component}'s links keep their transitions, or {@code null} when they keep none. */
    Duration of(String component) {
        return keep.get(component);
    }

    /** How long to keep the transitions the link's events make: none when the rules judge them. */
    Duration ofEvents(String component) {
        return judgedBy.containsKey(component) ? null : keep.get(component);
    }

    /** Whether a raise or recovery of {@code alarmId} on a link of {@code component} is a transition. */
    boolean judges(String component, int alarmId) {
        Integer of = judgedBy.get(component);
        return of != null && of == alarmId;
    }

    /** The definitions to ask about a transition judged by {@code alarmId}. */
    List<AlarmDefinition> watchersOf(int alarmId) {
        return watchers.getOrDefault(alarmId, List.of());
    }
}
