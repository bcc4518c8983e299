package io.almengine.rules;

import java.time.Instant;
import java.util.Map;
import org.kie.api.definition.type.ClassReactive;

/**
 * One client of a server port as the server port's rules see it: whether its link is down and
 * since when. Detection says so whenever that changes, keyed by the server port
 * ({@code source|component|serverHost:serverPort}), so that the clients of one port, spread over
 * partitions by their own ids, meet in one place.
 *
 * <p>Down means the link went down (a disconnect), or one of the client's own alarm conditions is
 * met while the link still counts as up (an agent that stopped sending heartbeats: the silence is
 * only known by the alarm type that judges it). {@code since} is when that began: the disconnect's
 * event time, or when the client's alarm condition was met; for an up link, when it came back.
 *
 * @param retired the connection was removed from tracking: the port no longer counts it
 */
@ClassReactive
public record ClientLink(String connectionId, String component, boolean down, Instant since,
                         Map<String, String> params, boolean retired) {

    public ClientLink {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** A parameter value of the client's latest event, empty when it never carried it. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
