package io.almengine.bench;

import java.util.Locale;

/** Which kind of agents the bench simulates ({@code --fleet}). */
public enum FleetKind {
    /** Flume clients: a link per client to its server, up until a DISCONNECTED (ALM-24003). */
    FLUME,
    /** Logtail agents: heartbeats only, alarmed when they fall silent (ALM-24101). */
    LOGTAIL;

    public static FleetKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fleet must be flume or logtail, not " + name);
        }
    }
}
