package io.almengine.detect;

import io.almengine.rules.ConnectionState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The newest event time of connections whose last events changed nothing else: a heartbeat on a
 * link that is up, for an alarm type that keeps no heartbeat history. Writing such a heartbeat to
 * the state store cost a state encoding, a store write and a changelog record, most of the engine's
 * work per event, to move a time that only serves to ignore late events. So it is kept here, per
 * task and in memory, and written with the next real change of the connection.
 *
 * <p>What that gives up: after a restart or a move of the task, late events are judged against
 * the time of the connection's last saved change instead of its newest heartbeat. A link's state,
 * watches and alarms are always saved as before.
 */
final class UnsavedLastSeen {

    private final Map<String, Instant> times = new HashMap<>();

    /** {@code state} with the newer time kept here, if any; {@code null} stays {@code null}. */
    ConnectionState applyTo(ConnectionState state) {
        if (state == null) {
            return null;
        }
        Instant newer = times.get(state.connectionId());
        return newer == null || !newer.isAfter(state.lastSeen()) ? state : state.seenAt(newer);
    }

    /** Keeps {@code next}'s time when it differs from {@code saved} in nothing else; says whether it did. */
    boolean keepIfOnlyTimeMoved(ConnectionState saved, ConnectionState next) {
        if (!next.sameButLastSeen(saved)) {
            return false;
        }
        times.put(next.connectionId(), next.lastSeen());
        return true;
    }

    /** The connection was saved (or retired): the store holds its newest time now. */
    void forget(String connectionId) {
        times.remove(connectionId);
    }

    int size() {
        return times.size();
    }
}
