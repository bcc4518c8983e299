package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.definition.AlarmDefinition.Intervals;
import io.almengine.definition.DefinitionCatalog;
import java.util.HashMap;
import java.util.Map;

/**
 * What heartbeat history each component's connections need, merged over the component's
 * definitions (a connection keeps one history whatever the number of alarm types on it): the
 * largest {@code reportTimes}, and the intervals of the lowest alarm id that has them.
 * Components none of whose definitions declare {@code heartbeats} keep no history at all.
 */
final class HeartbeatNeeds {

    private final Map<String, Heartbeats> byComponent = new HashMap<>();

    HeartbeatNeeds(DefinitionCatalog catalog) {
        for (String component : catalog.components()) {
            Integer reportTimes = null;
            Intervals intervals = null;
            boolean any = false;
            for (AlarmDefinition def : catalog.forComponent(component)) {
                Heartbeats h = def.heartbeats();
                if (h == null) {
                    continue;
                }
                any = true;
                if (h.reportTimes() != null && (reportTimes == null || h.reportTimes() > reportTimes)) {
                    reportTimes = h.reportTimes();
                }
                if (intervals == null) {
                    intervals = h.intervals();
                }
            }
            if (any) {
                byComponent.put(component, new Heartbeats(reportTimes, intervals));
            }
        }
    }

    /** The merged needs of {@code component}, or {@code null} when it keeps no heartbeat history. */
    Heartbeats of(String component) {
        return byComponent.get(component);
    }
}
