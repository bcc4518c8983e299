package io.almengine.pipeline;

/**
 * The engine's topics (public contract). A prefix lets several engines, or test suites, share one
 * cluster without seeing each other; it is empty by default.
 */
public record Topics(String prefix) {

    public static final Topics DEFAULT = new Topics("");

    public String connectionEvents() {
        return prefix + "alm.connection-events";
    }

    /** Events that arrived keyed by something other than their connection id, re-keyed. */
    public String rekeyedEvents() {
        return prefix + "alm.connection-events.rekeyed";
    }

    public String deadLetters() {
        return prefix + "alm.dead-letters";
    }

    public String alarms() {
        return prefix + "alm.alarms";
    }

    public String alarmEvents() {
        return prefix + "alm.alarm-events";
    }

    public String tokens() {
        return prefix + "alm.tokens";
    }
}
