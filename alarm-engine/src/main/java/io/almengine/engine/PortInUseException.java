package io.almengine.engine;

/**
 * A port the engine must listen on is taken, most often by an engine that still runs. Found before
 * anything starts, so the operator reads one line instead of a broker's or Jetty's stack trace.
 */
public final class PortInUseException extends RuntimeException {

    /** What would have listened on the port. */
    public enum Listener {
        EMBEDDED_KAFKA("embedded Kafka broker"),
        HTTP("HTTP API and console");

        private final String description;

        Listener(String description) {
            this.description = description;
        }
    }

    private final Listener listener;
    private final String host;
    private final int port;

    public PortInUseException(Listener listener, String host, int port, Throwable cause) {
        super("port " + port + " on " + host + " (" + listener.description + ") is in use, probably by an engine "
                + "that still runs", cause);
        this.listener = listener;
        this.host = host;
        this.port = port;
    }

    public Listener listener() {
        return listener;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }
}
