package io.almengine.bench;

import io.almengine.model.ConnectionId;
import io.almengine.model.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A synthetic fleet of Flume clients, each a function of its index: nothing per connection is
 * kept in memory, so the fleet itself does not show up in the heap the bench measures. Client
 * {@code i} has its own address and agent name and sends to one of 50 Flume servers.
 * <p>{@code source} is the cluster name in every event: two fleets with different sources share no connection.
 */
record FlumeFleet(String source, int size) implements Fleet {

    static final String COMPONENT = "flume";
    private static final String SINK = "avro_sink";
    private static final int SERVER_PORT = 21154;

    @Override
    public String connectionId(int i) {
        return ConnectionId.of(source, COMPONENT, serverHost(i), SERVER_PORT, clientIp(i), clientName(i), SINK)
                .toString();
    }

    @Override
    public byte[] event(int i, EventType type, Instant time) {
        String json = "{\"type\":\"" + type.name() + "\",\"time\":\"" + time + "\",\"component\":\"" + COMPONENT
                + "\",\"source\":\"" + source + "\",\"clientIp\":\"" + clientIp(i) + "\",\"clientName\":\""
                + clientName(i) + "\",\"sinkName\":\"" + SINK + "\",\"serverHost\":\"" + serverHost(i)
                + "\",\"serverPort\":" + SERVER_PORT + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String clientIp(int i) {
        return "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff);
    }

    private static String clientName(int i) {
        return "agent-" + i;
    }

    private static String serverHost(int i) {
        return "192.168.0." + (i % 50 + 1);
    }
}
