package io.almengine.model;

/** What a connection event says about the link between a client and its server. */
public enum EventType {
    CONNECTED,
    DISCONNECTED,
    /** The client was connected at the event's time. */
    HEARTBEAT;

    /** Whether the event says the client was connected at its time. */
    public boolean up() {
        return this != DISCONNECTED;
    }
}
