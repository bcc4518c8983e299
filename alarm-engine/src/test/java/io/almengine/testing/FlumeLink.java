package io.almengine.testing;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.time.Instant;
import java.util.Map;

/** One Flume client → server link, to write events about it in one line each. */
public record FlumeLink(String source, String clientIp, String clientName, String sinkName, String serverHost,
                        int serverPort) {

    private static int next = 1;

    /**
     * A link no other test uses: its own client address, and its own server port, so that clients
     * of different tests going down in the same minute are not one server port's outage (the
     * root-cause alarm ALM-24900 judges a port over all of its clients; its tests make their ports'
     * fleets on purpose). The server is loopback because runbook checks connect to it; tests never
     * send traffic beyond this machine.
     */
    public static synchronized FlumeLink fresh() {
        int n = next++;
        return new FlumeLink("cluster-a", "10.1." + (n / 250) + "." + (n % 250 + 1), "client-" + n, "avro-sink",
                "127.0.0.1", FIRST_PORT + n % PORTS);
    }

    /** The loopback ports fresh links use, one per link until they wrap round. */
    private static final int FIRST_PORT = 21154;
    private static final int PORTS = 20_000;

    public ConnectionEvent connected(Instant at) {
        return event(EventType.CONNECTED, at);
    }

    public ConnectionEvent disconnected(Instant at) {
        return event(EventType.DISCONNECTED, at);
    }

    public ConnectionEvent heartbeat(Instant at) {
        return event(EventType.HEARTBEAT, at);
    }

    public ConnectionEvent event(EventType type, Instant at) {
        return new ConnectionEvent(type, at, "flume", source, clientIp, clientName, sinkName, serverHost, serverPort,
                Map.of());
    }

    public String connectionId() {
        return connected(Instant.EPOCH).connectionId();
    }
}
