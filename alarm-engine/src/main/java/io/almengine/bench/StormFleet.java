package io.almengine.bench;

import io.almengine.model.ConnectionId;
import io.almengine.model.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Flume clients of a storm, each a function of its index: client {@code i} connects to server port
 * {@code i % ports}, and every event names the reporter of that port (the probe on that Flume
 * server). Port {@code k} is {@code 192.168.<block>.(k % 250 + 1):(21154 + k / 250)}; {@code source}
 * is the cluster name in every event and in client names, so two fleets of different sources and
 * blocks share no client, server port or reporter.
 */
record StormFleet(String source, int block, int size, int ports) {

    private static final String COMPONENT = "flume";
    private static final String SINK = "avro_sink";

    /** The measured storm. */
    static StormFleet measured(int size, int ports) {
        return new StormFleet("storm", 200, size, ports);
    }

    /** A smaller storm of its own, raised and cleared first, so the measured one finds the code compiled. */
    static StormFleet warmUp(int size, int ports) {
        return new StormFleet("storm-warmup", 201, size, ports);
    }

    int portOf(int i) {
        return i % ports;
    }

    String serverHost(int port) {
        return "192.168." + block + "." + (port % 250 + 1);
    }

    int serverPort(int port) {
        return 21154 + port / 250;
    }

    /** {@code host:port}, as the alarms' parameters name the server port. */
    String serverAddress(int port) {
        return serverHost(port) + ":" + serverPort(port);
    }

    String reporter(int port) {
        return "bench-" + source + "-" + port;
    }

    String connectionId(int i) {
        int port = portOf(i);
        return ConnectionId.of(source, COMPONENT, serverHost(port), serverPort(port), clientIp(i), clientPrefix() + i,
                SINK).toString();
    }

    byte[] event(int i, EventType type, Instant time) {
        int port = portOf(i);
        String json = "{\"type\":\"" + type.name() + "\",\"time\":\"" + time + "\",\"component\":\"" + COMPONENT
                + "\",\"source\":\"" + source + "\",\"clientIp\":\"" + clientIp(i) + "\",\"clientName\":\""
                + clientPrefix() + i + "\",\"sinkName\":\"" + SINK + "\",\"serverHost\":\"" + serverHost(port)
                + "\",\"serverPort\":" + serverPort(port) + ",\"reporter\":\"" + reporter(port) + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The index of the storm client an alarm's {@code clientName} names, or -1 for any other client. */
    int indexOf(String clientName) {
        String prefix = clientPrefix();
        if (clientName == null || !clientName.startsWith(prefix)) {
            return -1;
        }
        try {
            int i = Integer.parseInt(clientName.substring(prefix.length()));
            return i >= 0 && i < size ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String clientPrefix() {
        return source + "-agent-";
    }

    private static String clientIp(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }
}
