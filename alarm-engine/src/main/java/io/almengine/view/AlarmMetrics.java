package io.almengine.view;

import io.almengine.model.AlarmState;
import io.almengine.model.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The view's metrics: {@code alm_alarms{state,severity}}, read from the counters the view keeps
 * per state and severity (a scrape costs eight reads, whatever the number of alarms).
 */
public final class AlarmMetrics {

    private AlarmMetrics() {
    }

    public static void register(AlarmView view, MeterRegistry registry) {
        for (AlarmState state : AlarmState.values()) {
            for (Severity severity : Severity.values()) {
                Gauge.builder("alm.alarms", view, v -> v.count(state, severity))
                        .description("Alarms this instance's view holds, by state and severity")
                        .tag("state", state.wireName()).tag("severity", severity.wireName())
                        .register(registry);
            }
        }
    }
}
