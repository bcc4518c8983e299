package io.almengine.lifecycle;

import io.almengine.definition.AlarmDefinition;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;

/**
 * What each operator action does to an alarm, as a pure function: the processor around it keeps
 * the stores and topics. Operator actions are dated by the engine clock ({@code command.at()}).
 */
final class AlarmCommands {

    /** The outcome: a changed alarm to publish (or {@code null}: nothing changed) and the answer. */
    record Outcome(Alarm changed, CommandResult result) {
    }

    private AlarmCommands() {
    }

    static Outcome apply(AlarmCommand command, Alarm alarm, AlarmDefinition definition) {
        return switch (command.action()) {
            case "ack" -> alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.acknowledge(command.at(), command.by()));
            case "unack" -> !alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.unacknowledge(command.at(), command.by()));
            case "comment" -> comment(command, alarm);
            case "clear" -> clear(command, alarm, definition);
            default -> new Outcome(null, CommandResult.refused(command, 400,
                    "unknown action '" + command.action() + "'", alarm));
        };
    }

    private static Outcome comment(AlarmCommand command, Alarm alarm) {
        String text = command.arg("text").strip();
        if (text.isEmpty()) {
            return new Outcome(null, CommandResult.refused(command, 400, "text: a comment needs text", alarm));
        }
        return changed(command, alarm.comment(command.at(), command.by(), text));
    }

    private static Outcome clear(AlarmCommand command, Alarm alarm, AlarmDefinition definition) {
        if (!alarm.active()) {
            return new Outcome(null, CommandResult.refused(command, 409,
                    "alarm " + alarm.serialNo() + " is already cleared", alarm));
        }
        String reason = command.arg("reason").strip();
        if (Boolean.TRUE.equals(definition.autoClear()) && !(command.admin() && !reason.isEmpty())) {
            return new Outcome(null, CommandResult.refused(command, 409, definition.code()
                    + " clears by itself when its condition ends; only an admin giving a reason may clear it by hand",
                    alarm));
        }
        return changed(command, alarm.cleared(command.at(), ClearType.MANUAL, command.by(),
                reason.isEmpty() ? "cleared by hand" : reason));
    }

    private static Outcome changed(AlarmCommand command, Alarm next) {
        return new Outcome(next, CommandResult.ok(command, next));
    }

    private static Outcome unchanged(AlarmCommand command, Alarm alarm) {
        return new Outcome(null, CommandResult.ok(command, alarm));
    }
}
