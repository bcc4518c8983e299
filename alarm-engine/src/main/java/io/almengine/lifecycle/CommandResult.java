package io.almengine.lifecycle;

import io.almengine.model.Alarm;

/** The answer to a command, on {@code alm.command-results} keyed by command id: an HTTP-like status, and the alarm. */
public record CommandResult(String commandId, int status, String message, Alarm alarm) {

    public static CommandResult ok(AlarmCommand command, Alarm alarm) {
        return new CommandResult(command.id(), 200, "ok", alarm);
    }

    public static CommandResult refused(AlarmCommand command, int status, String message, Alarm alarm) {
        return new CommandResult(command.id(), status, message, alarm);
    }
}
