package io.almengine.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * An operator's request to change an alarm, as published on {@code alm.alarm-commands} keyed by
 * the alarm's connection id, so that it reaches the one task that owns the alarm.
 *
 * @param id        correlates the result on {@code alm.command-results}
 * @param action    {@code ack}, {@code unack}, {@code clear}, {@code comment}, …
 * @param by        the token name, recorded in the alarm's history
 * @param admin     whether that token is an admin's (admins may clear auto-clearing alarms)
 * @param args      the action's arguments ({@code reason}, {@code text}, …)
 */
public record AlarmCommand(String id, long serialNo, String connectionId, String action, String by, boolean admin,
                           Map<String, String> args, Instant at) {

    public AlarmCommand {
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    public String arg(String name) {
        return args.getOrDefault(name, "");
    }
}
