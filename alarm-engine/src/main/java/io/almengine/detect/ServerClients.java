package io.almengine.detect;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionId;
import io.almengine.rules.ClientLink;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Watch;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What detection tells the server port's rules about one of its clients: a {@link ClientLink} each
 * time the client is first seen, goes down or comes back, keyed by its server port. Only for
 * components that have an alarm type judged per server port; for the others nothing is sent.
 *
 * <p>A client is down while its link is down, or while one of its own alarm conditions is met
 * (for an agent judged by its heartbeats, whose link never goes down by an event). So both a
 * disconnect and a lost heartbeat reach the port's rules, with the same meaning and no code
 * about either kind of agent.
 */
final class ServerClients {

    private final DefinitionCatalog catalog;

    ServerClients(DefinitionCatalog catalog) {
        this.catalog = catalog;
    }

    /** Whether the server ports of {@code component} are judged over their clients. */
    boolean watched(String component) {
        return !catalog.perServerPort(component).isEmpty();
    }

    /** {@code source|component|serverHost:serverPort} of a connection id; empty when it names no server. */
    static Optional<String> serverPortOf(String connectionId) {
        return ConnectionId.parse(connectionId).filter(id -> !id.server().isEmpty()).map(ConnectionId::serverPort);
    }

    static boolean down(ConnectionState state) {
        return state != null && (!state.up() || state.watches().values().stream().anyMatch(Watch::met));
    }

    /**
     * The report of what an evaluation did to a client ({@code before}: its state before the event
     * or deadline, {@code null} when new; {@code decisions}: what the rules decided), or nothing
     * when the port's rules would see no difference.
     */
    Optional<ClientLink> change(ConnectionState before, ConnectionState after, List<Decision> decisions) {
        if (!watched(after.component())) {
            return Optional.empty();
        }
        boolean was = down(before);
        boolean is = down(after);
        if (before != null && was == is) {
            return Optional.empty();
        }
        Instant since;
        if (is) {
            since = !after.up() ? after.since() : decisions.stream().filter(d -> d instanceof Decision.Raise)
                    .map(d -> ((Decision.Raise) d).occurredAt()).findFirst().orElse(after.lastSeen());
        } else {
            since = before == null || !before.up() ? after.since() : decisions.stream()
                    .filter(d -> d instanceof Decision.Recover).map(d -> ((Decision.Recover) d).at()).findFirst()
                    .orElse(after.lastSeen());
        }
        return Optional.of(new ClientLink(after.connectionId(), after.component(), is, since, after.params(), false));
    }

    /** The report that a client is no longer tracked; nothing when its port is not watched. */
    Optional<ClientLink> retired(ConnectionState state, Instant at) {
        return watched(state.component())
                ? Optional.of(new ClientLink(state.connectionId(), state.component(), false, at, state.params(), true))
                : Optional.empty();
    }
}
