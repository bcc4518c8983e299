package io.almengine.pipeline;

/**
 * The engine's topics (public contract). A prefix lets several engines, or test suites, share one
 * cluster without seeing each other; it is empty by default.
 */
public record Topics(String prefix) {

    public static final Topics DEFAULT = new Topics("");

    public String connectionEvents() {
        return prefix + io.almengine.model.Event.TOPIC;
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

    /** Operator commands for alarms, keyed by the alarm's connection id (partitioned like the events). */
    public String alarmCommands() {
        return prefix + "alm.alarm-commands";
    }

    /** The answer to each command, keyed by command id. */
    public String commandResults() {
        return prefix + "alm.command-results";
    }

    /** Alarm changes on their way to a receiver's groups, keyed by receiver name. */
    public String notificationRoutes() {
        return prefix + "alm.notification-routes";
    }

    /** Every attempt to send a notification, keyed by receiver name (partitioned like the routes). */
    public String notificationAttempts() {
        return prefix + "alm.notification-attempts";
    }

    public String tokens() {
        return prefix + "alm.tokens";
    }

    /** Silences and maintenance windows, keyed by id (compacted; every instance reads it all). */
    public String silences() {
        return prefix + "alm.silences";
    }

    /** Masked alarm ids, keyed by alarm id (compacted; a tombstone unmasks). */
    public String masks() {
        return prefix + "alm.masks";
    }

    /**
     * Each client's link going down or coming back, and each server port's alarm raised or over,
     * keyed by server port ({@code source|component|serverHost:serverPort}): what the correlate
     * stage judges a port by, gathered in one partition per port.
     */
    public String serverClients() {
        return prefix + "alm.server-clients";
    }

    /** The lifecycle stage's answers about server ports' alarms (their serial numbers), keyed by server port. */
    public String serverAlarms() {
        return prefix + "alm.server-alarms";
    }

    /**
     * The correlate stage's decisions for the lifecycle stage (a server port's alarm raised or
     * over; client alarms linked to it), keyed and partitioned like the operator commands.
     */
    public String correlations() {
        return prefix + "alm.correlations";
    }
}
