package io.almengine.lifecycle;

import io.almengine.definition.AlarmDefinition;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.runbook.Runbook;
import io.almengine.runbook.RunbookWalk;
import java.util.Optional;

/**
 * What each operator action does to an alarm, as a pure function: the processor around it keeps
 * the stores and topics. Operator actions are dated by the engine clock ({@code command.at()}).
 */
final class AlarmCommands {

    /** The outcome: a changed alarm to publish (or {@code null}: nothing changed) and the answer. */
    record Outcome(Alarm changed, CommandResult result) {
    }

    /** Answers are kept for good (they are the path); this bounds an alarm's record against a runaway client. */
    static final int MAX_RUNBOOK_ANSWERS = 500;

    private AlarmCommands() {
    }

    /** {@code runbook}: the alarm type's runbook, {@code null} when it has none. */
    static Outcome apply(AlarmCommand command, Alarm alarm, AlarmDefinition definition, Runbook runbook) {
        return switch (command.action()) {
            case "ack" -> alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.acknowledge(command.at(), command.by()));
            case "unack" -> !alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.unacknowledge(command.at(), command.by()));
            case "comment" -> comment(command, alarm);
            case "clear" -> clear(command, alarm, definition);
            case "runbook-answer" -> runbookAnswer(command, alarm, runbook);
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

    /**
     * Checked here, by the alarm's owner, and not only in the API: two engineers answering at once
     * are applied one after the other, each against the path the other's answer left.
     */
    private static Outcome runbookAnswer(AlarmCommand command, Alarm alarm, Runbook runbook) {
        if (runbook == null) {
            return new Outcome(null, CommandResult.refused(command, 404,
                    "ALM-" + alarm.alarmId() + " has no runbook", alarm));
        }
        String answer = command.arg("answer");
        if (!answer.equals("yes") && !answer.equals("no")) {
            return new Outcome(null, CommandResult.refused(command, 400, "answer: must be yes or no", alarm));
        }
        if (alarm.runbookAnswers().size() >= MAX_RUNBOOK_ANSWERS) {
            return new Outcome(null, CommandResult.refused(command, 409, "alarm " + alarm.serialNo() + " already has "
                    + MAX_RUNBOOK_ANSWERS + " runbook answers", alarm));
        }
        String step = command.arg("step");
        Optional<String> refusal = RunbookWalk.of(runbook, alarm.runbookAnswers()).refusal(runbook, step);
        if (refusal.isPresent()) {
            return new Outcome(null, CommandResult.refused(command, 409, refusal.get(), alarm));
        }
        return changed(command, alarm.runbookAnswered(command.at(), command.by(), step, answer,
                command.arg("note").strip()));
    }

    private static Outcome changed(AlarmCommand command, Alarm next) {
        return new Outcome(next, CommandResult.ok(command, next));
    }

    private static Outcome unchanged(AlarmCommand command, Alarm alarm) {
        return new Outcome(null, CommandResult.ok(command, alarm));
    }
}
