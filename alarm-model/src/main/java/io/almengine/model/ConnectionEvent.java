package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One observation of a client → server link, as published on {@code alm.connection-events}.
 * Optional text fields are normalised to the empty string so that the connection id is stable.
 * {@code reporter} names who observed it (a probe), whose {@link Watermark}s then vouch for it;
 * it is not part of the connection id.
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
        Map<String, String> attributes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String reporter) implements Event {

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
        reporter = reporter == null ? "" : reporter;
    }

    /** An event no reporter vouches for. */
    public ConnectionEvent(EventType type, Instant time, String component, String source, String clientIp,
                           String clientName, String sinkName, String serverHost, Integer serverPort,
                           Map<String, String> attributes) {
        this(type, time, component, source, clientIp, clientName, sinkName, serverHost, serverPort, attributes, null);
    }

    /** This event as observed by {@code name} (empty or {@code null}: by no reporter). */
    public ConnectionEvent withReporter(String name) {
        return new ConnectionEvent(type, time, component, source, clientIp, clientName, sinkName, serverHost,
                serverPort, attributes, name);
    }

    /** {@code source|component|serverHost:serverPort|clientIp|clientName|sinkName}, empty where absent. */
    public String connectionId() {
        return ConnectionId.of(source, component, serverHost, serverPort, clientIp, clientName, sinkName).toString();
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
