package io.almengine.detect;

import io.almengine.model.ConnectionId;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections of one client to its different servers, as kept in the detect stage's peer
 * store under {@link #keyOf(String)}. Only for components whose definitions set
 * {@code peers: client}; their events are routed by this key, so a whole group is in one task.
 */
public record PeerGroup(List<String> members) {

    public PeerGroup {
        members = List.copyOf(members);
    }

    /**
     * The group of a connection id {@code source|component|server|clientIp|clientName|sinkName}: the
     * id without its server part. Derived from the id alone, so a retirement (a tombstone, which has
     * no event body) finds its group too.
     */
    public static String keyOf(String connectionId) {
        return ConnectionId.parse(connectionId).map(ConnectionId::withoutServer).orElse(connectionId);
    }

    /** The component part of a connection id, or the empty string when it is not one. */
    public static String componentOf(String connectionId) {
        return ConnectionId.parse(connectionId).map(ConnectionId::component).orElse("");
    }

    PeerGroup with(String connectionId) {
        if (members.contains(connectionId)) {
            return this;
        }
        var next = new ArrayList<>(members);
        next.add(connectionId);
        return new PeerGroup(next);
    }

    PeerGroup without(String connectionId) {
        var next = new ArrayList<>(members);
        next.remove(connectionId);
        return new PeerGroup(next);
    }
}
