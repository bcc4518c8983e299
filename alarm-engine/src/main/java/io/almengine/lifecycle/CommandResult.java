package io.almengine.lifecycle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.almengine.model.Alarm;
import java.util.Optional;

/**
 * The answer to a command, on {@code alm.command-results} keyed by command id: applied (no
 * refusal), or refused and why; and the alarm as it is after it ({@code null} when not found).
 */
public record CommandResult(String commandId, Refusal refusal, Alarm alarm) {

    public static CommandResult ok(AlarmCommand command, Alarm alarm) {
        return new CommandResult(command.id(), null, alarm);
    }

    public static CommandResult refused(AlarmCommand command, Refusal refusal, Alarm alarm) {
        return new CommandResult(command.id(), refusal, alarm);
    }

    public boolean applied() {
        return refusal == null;
    }

    public Optional<Refusal> refused() {
        return Optional.ofNullable(refusal);
    }

    /**
     * The record as the first version wrote it: an HTTP-like {@code status} (200, 400, 404 or 409)
     * and a message. Those numbers are only this record's encoding of the refusal, kept so that
     * engines of both versions read each other's results; what the API answers is the API's choice.
     */
    record Wire(String commandId, int status, String message, Alarm alarm) {
        private static final int APPLIED = 200;
        private static final int INVALID = 400;
        private static final int NOT_FOUND = 404;
        private static final int CONFLICT = 409;
    }

    @JsonValue
    Wire wire() {
        if (refusal == null) {
            return new Wire(commandId, Wire.APPLIED, "ok", alarm);
        }
        int status = switch (refusal.reason()) {
            case NOT_FOUND -> Wire.NOT_FOUND;
            case CONFLICT -> Wire.CONFLICT;
            case INVALID -> Wire.INVALID;
        };
        return new Wire(commandId, status, refusal.message(), alarm);
    }

    /** Any status other than those the first version wrote reads as invalid: it cannot have come from an engine. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CommandResult fromWire(Wire wire) {
        String message = wire.message() == null ? "" : wire.message();
        Refusal refusal = switch (wire.status()) {
            case Wire.APPLIED -> null;
            case Wire.NOT_FOUND -> Refusal.notFound(message);
            case Wire.CONFLICT -> Refusal.conflict(message);
            default -> Refusal.invalid(message);
        };
        return new CommandResult(wire.commandId(), refusal, wire.alarm());
    }
}
