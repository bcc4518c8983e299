package io.almengine.model;

import java.util.Optional;

/**
 * Which client → server link an event is about, as the engine keys it on every topic and store:
 * {@code source|component|server|clientIp|clientName|sinkName}, {@code server} being
 * {@code host:port} and every absent part empty. The one place that form is built and taken apart;
 * records and keys keep it as that string, which is its wire form.
 *
 * <p>No part may contain {@value #SEPARATOR} (ingest refuses events whose fields do), so the form
 * reads back into the same parts.
 */
public record ConnectionId(String source, String component, String server, String clientIp, String clientName,
                           String sinkName) {

    public static final char SEPARATOR = '|';
    private static final int PARTS = 6;

    public ConnectionId {
        source = orEmpty(source);
        component = orEmpty(component);
        server = orEmpty(server);
        clientIp = orEmpty(clientIp);
        clientName = orEmpty(clientName);
        sinkName = orEmpty(sinkName);
    }

    /** The id of a link to {@code serverHost:serverPort}; no server part when neither is known. */
    public static ConnectionId of(String source, String component, String serverHost, Integer serverPort,
                                  String clientIp, String clientName, String sinkName) {
        String host = orEmpty(serverHost);
        String server = host.isEmpty() && serverPort == null ? "" : host + ":" + (serverPort == null ? "" : serverPort);
        return new ConnectionId(source, component, server, clientIp, clientName, sinkName);
    }

    /** The parts of an id in its string form; empty when it does not have six parts. */
    public static Optional<ConnectionId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(java.util.regex.Pattern.quote(String.valueOf(SEPARATOR)), -1);
        if (parts.length != PARTS) {
            return Optional.empty();
        }
        return Optional.of(new ConnectionId(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]));
    }

    /** The client's side of the link, the same for its connections to every server: the id without its server. */
    public String withoutServer() {
        return String.join(String.valueOf(SEPARATOR), source, component, clientIp, clientName, sinkName);
    }

    /**
     * The server port's side of the link, the same for every client of it:
     * {@code source|component|serverHost:serverPort}. What the root-cause alarm of a server port
     * (one that lost most of its clients at once) is keyed by.
     */
    public String serverPort() {
        return String.join(String.valueOf(SEPARATOR), source, component, server);
    }

    /** The string form every topic and store keys by. */
    @Override
    public String toString() {
        return String.join(String.valueOf(SEPARATOR), source, component, server, clientIp, clientName, sinkName);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
