package io.almengine.engine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which set of the operator's files the engine runs with (its hash) and how the last reload went:
 * what {@code /api/health} and the metrics ({@code alm_config_last_reload_successful},
 * {@code alm_config_last_reload_success_timestamp_seconds}) show, so a failed reload is seen
 * even though the engine goes on with its previous set.
 */
final class ConfigStatus {

    private record State(String hash, boolean lastSuccessful, Instant lastSuccessAt, List<String> lastErrors,
                         Instant lastFailureAt, long reloads, long failures) {
    }

    private volatile State state;
    private MultiGauge info;

    /** The set loaded at start. */
    ConfigStatus(String hash, Instant at) {
        state = new State(hash, true, at, List.of(), null, 0, 0);
    }

    synchronized void reloaded(String hash, Instant at) {
        State s = state;
        state = new State(hash, true, at, List.of(), s.lastFailureAt(), s.reloads() + 1, s.failures());
        publishInfo();
    }

    private void publishInfo() {
        if (info != null) {
            info.register(List.of(MultiGauge.Row.of(Tags.of("hash", state.hash()), 1)), true);
        }
    }

    synchronized void reloadFailed(List<String> errors, Instant at) {
        State s = state;
        state = new State(s.hash(), false, s.lastSuccessAt(), List.copyOf(errors), at, s.reloads() + 1,
                s.failures() + 1);
    }

    String hash() {
        return state.hash();
    }

    /** {@code configHash}, and when the last reload failed, its problems (the old set is still in use). */
    Map<String, Object> healthDetails() {
        State s = state;
        var details = new LinkedHashMap<String, Object>();
        details.put("configHash", s.hash());
        if (!s.lastSuccessful()) {
            var failed = new LinkedHashMap<String, Object>();
            failed.put("at", s.lastFailureAt().toString());
            failed.put("errors", s.lastErrors());
            details.put("lastReloadFailed", failed);
        }
        return details;
    }

    synchronized void register(MeterRegistry registry) {
        Gauge.builder("alm.config.last.reload.successful", this, c -> c.state.lastSuccessful() ? 1 : 0)
                .description("1 when the last reload of definitions, rules and runbooks (or the start) loaded them, 0 when it kept the old set")
                .register(registry);
        Gauge.builder("alm.config.last.reload.success.timestamp.seconds", this,
                        c -> c.state.lastSuccessAt().toEpochMilli() / 1000.0)
                .description("When definitions, rules and runbooks were last loaded (start or reload), in Unix seconds")
                .register(registry);
        // The hash as a label of its own series: instances whose hashes differ run different files.
        MultiGauge info = MultiGauge.builder("alm.config.info")
                .description("1, labelled with the hash of the definitions, rules and runbooks in use (as /api/health's configHash)")
                .register(registry);
        this.info = info;
        publishInfo();
        FunctionCounter.builder("alm.config.reloads", this, c -> c.state.failures())
                .description("Reloads of the operator's files, by result").tag("result", "failed").register(registry);
        FunctionCounter.builder("alm.config.reloads", this, c -> c.state.reloads() - c.state.failures())
                .description("Reloads of the operator's files, by result").tag("result", "loaded").register(registry);
    }
}
