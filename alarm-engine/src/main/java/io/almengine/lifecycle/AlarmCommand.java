package io.almengine.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An operator's request to change an alarm, as published on {@code alm.alarm-commands} keyed by
 * the alarm's connection id, so that it reaches the one task that owns the alarm.
 *
 * @param id        correlates the result on {@code alm.command-results}
 * @param by        the token name, recorded in the alarm's history
 * @param admin     whether that token is an admin's (admins may clear auto-clearing alarms)
 * @param action    what is asked
 * @param at        when, by the engine clock
 */
public record AlarmCommand(String id, long serialNo, String connectionId, String by, boolean admin,
                           AlarmAction action, Instant at) {

    public AlarmCommand {
        Objects.requireNonNull(action, "action");
    }

    /**
     * The record as the first version wrote it, {@code action} a name and its arguments a string
     * map; kept so that engines of both versions read each other's commands.
     */
    record Wire(String id, long serialNo, String connectionId, String action, String by, boolean admin,
                Map<String, String> args, Instant at) {
    }

    @JsonValue
    Wire wire() {
        return new Wire(id, serialNo, connectionId, action.name(), by, admin, action.args(), at);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AlarmCommand fromWire(Wire wire) {
        return new AlarmCommand(wire.id(), wire.serialNo(), wire.connectionId(), wire.by(), wire.admin(),
                AlarmAction.fromWire(wire.action(), wire.args()), wire.at());
    }
}
