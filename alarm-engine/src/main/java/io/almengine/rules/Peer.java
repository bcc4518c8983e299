package io.almengine.rules;

import org.kie.api.definition.type.ClassReactive;

/**
 * Another connection of the same client (same source, component, client IP, client name and sink,
 * another server), as the rules see it when the definition sets {@code peers: client}: e.g. the
 * standby aggregator of a Fluentd forwarder while the rules judge its primary. Read-only, and class
 * reactive as {@link ConnectionState}.
 */
@ClassReactive
public record Peer(ConnectionState state) {

    /** Whether its condition for {@code alarmId} is met: an alarm was raised for it and is not over. */
    public boolean met(int alarmId) {
        return state.watch(alarmId).met();
    }
}
