package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.rules.TransitionHistory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long each component's connections keep their up/down transitions: for the longest
 * {@code flapSlot} its definitions declare (21 slots and one more). Components none of whose
 * definitions declare one keep no transitions at all, so flap detection costs nothing elsewhere.
 */
final class TransitionNeeds {

    /** The setting whose declaration asks detection to keep a link's transitions. */
    static final String SLOT_SETTING = "flapSlot";

    private final Map<String, Duration> byComponent = new HashMap<>();

    TransitionNeeds(DefinitionCatalog catalog) {
        for (AlarmDefinition def : catalog.all()) {
            if (def.settings().containsKey(SLOT_SETTING)) {
                Duration keep = TransitionHistory.keptFor(def.durationSetting(SLOT_SETTING));
                byComponent.merge(def.component(), keep, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
    }

    /** How long {@code component}'s links keep their transitions, or {@code null} when they keep none. */
    Duration of(String component) {
        return byComponent.get(component);
    }
}
