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
     * A link no other test uses: its own client address. The server is loopback because runbook
     * checks connect to it; tests never send traffic beyond this machine.
     */
    public static synchronized FlumeLink fresh() {
        int n = next++;
        return new FlumeLink("cluster-a", "10.1." + (n / 250) + "." + (n % 250 + 1), "client-" + n, "avro-sink",
                "127.0.0.1", 21154);
    }

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
