package io.almengine.silence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** {@code alm_silences{state}}: the silences and maintenance windows this instance knows, by state now. */
public final class SilenceMetrics {

    private SilenceMetrics() {
    }

    public static void register(Suppressions suppressions, Clock clock, MeterRegistry registry) {
        for (SilenceState state : SilenceState.values()) {
            Gauge.builder("alm.silences", suppressions,
                            s -> s.silences().stream().filter(x -> x.stateAt(clock.instant()) == state).count())
                    .description("Silences and maintenance windows by state").tag("state", state.wireName())
                    .register(registry);
        }
    }
}
