package io.almengine.detect;

import io.almengine.model.ConnectionEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything detection keeps per connection: whether the link is up, since when (the event time
 * of the last transition), the newest event time seen, the alarm parameters from the latest event
 * and one {@link Watch} per alarm type that is not idle.
 */
public record ConnectionState(
        String connectionId,
        String component,
        boolean up,
        Instant since,
        Instant lastSeen,
        Map<String, String> params,
        Map<Integer, Watch> watches) {

    public ConnectionState {
        params = Map.copyOf(params);
        watches = Map.copyOf(watches);
    }

    /** What an event did to the state. */
    public enum Effect {
        /** Stale or conflicting: older than (or as old as) what the state already knows. */
        IGNORED,
        /** Same link state, newer time: stored, but nothing for the rules to decide. */
        REFRESHED,
        /** The link went up or down: the rules decide what it means. */
        TRANSITION
    }

    public record Applied(Effect effect, ConnectionState state) {
    }

    /**
     * Applies an event. A first event sets the state at its own time. A transition needs an event
     * strictly newer than every event seen, so a late or duplicate event never flips the state back.
     */
    public static Applied apply(ConnectionState current, ConnectionEvent event) {
        boolean up = event.type().up();
        if (current == null) {
            var fresh = new ConnectionState(event.connectionId(), event.component(), up, event.time(), event.time(),
                    event.parameterValues(), Map.of());
            return new Applied(Effect.TRANSITION, fresh);
        }
        if (up == current.up) {
            if (!event.time().isAfter(current.lastSeen)) {
                return new Applied(Effect.IGNORED, current);
            }
            // Mostly the same values as before: keeping the current (immutable) map spares a copy per event.
            Map<String, String> values = event.parameterValues();
            return new Applied(Effect.REFRESHED, new ConnectionState(current.connectionId, current.component, up,
                    current.since, event.time(), values.equals(current.params) ? current.params : values,
                    current.watches));
        }
        if (!event.time().isAfter(current.lastSeen)) {
            return new Applied(Effect.IGNORED, current);
        }
        return new Applied(Effect.TRANSITION, new ConnectionState(current.connectionId, current.component, up,
                event.time(), event.time(), event.parameterValues(), current.watches));
    }

    public Watch watch(int alarmId) {
        return watches.getOrDefault(alarmId, Watch.idle(alarmId));
    }

    public ConnectionState with(Watch watch) {
        var next = new HashMap<>(watches);
        if (watch.idle()) {
            next.remove(watch.alarmId());
        } else {
            next.put(watch.alarmId(), watch);
        }
        return new ConnectionState(connectionId, component, up, since, lastSeen, params, next);
    }

    /** A parameter value for rules and alarms, empty when the events never carried it. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
