package io.almengine.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One observation of a client → server link, as published on {@code alm.connection-events}.
 * Optional text fields are normalised to the empty string so that the connection id is stable.
 */
public record ConnectionEvent(
        EventType type,
        Instant time,
        String component,
        String source,
        String clientIp,
        String clientName,
        String sinkName,
        String serverHost,
        Integer serverPort,
        Map<String, String> attributes) {

    public ConnectionEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clientIp, "clientIp");
        clientName = clientName == null ? "" : clientName;
        sinkName = sinkName == null ? "" : sinkName;
        serverHost = serverHost == null ? "" : serverHost;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** {@code source|component|serverHost:serverPort|clientIp|clientName|sinkName}, empty where absent. */
    public String connectionId() {
        String server = serverHost.isEmpty() && serverPort == null
                ? ""
                : serverHost + ":" + (serverPort == null ? "" : serverPort);
        return String.join("|", source, component, server, clientIp, clientName, sinkName);
    }

    /**
     * The values an alarm on this connection can show as parameters: the event's own fields under
     * their contract names, then its free attributes (which never override a field).
     */
    public Map<String, String> parameterValues() {
        var values = new java.util.LinkedHashMap<String, String>(attributes);
        values.put("source", source);
        values.put("component", component);
        values.put("clientIp", clientIp);
        values.put("clientName", clientName);
        values.put("sinkName", sinkName);
        values.put("serverHost", serverHost);
        values.put("serverPort", serverPort == null ? "" : serverPort.toString());
        return values;
    }
}
