package io.almengine.lifecycle;

import io.almengine.definition.AlarmDefinition;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmCode;
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

    /**
     * {@code definition}: the alarm type's, {@code null} when it was removed after the alarm was
     * raised (the alarm outlives it and stays workable); {@code runbook}: the alarm type's runbook,
     * {@code null} when it has none. One case per {@link AlarmAction}; an action without a case here
     * is refused as invalid, never thrown.
     */
    static Outcome apply(AlarmCommand command, Alarm alarm, AlarmDefinition definition, Runbook runbook) {
        AlarmAction action = command.action();
        if (action instanceof AlarmAction.Ack) {
            return alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.acknowledge(command.at(), command.by()));
        } else if (action instanceof AlarmAction.Unack) {
            return !alarm.acknowledged() ? unchanged(command, alarm)
                    : changed(command, alarm.unacknowledge(command.at(), command.by()));
        } else if (action instanceof AlarmAction.Comment comment) {
            return comment(command, comment, alarm);
        } else if (action instanceof AlarmAction.Clear clear) {
            return clear(command, clear, alarm, definition);
        } else if (action instanceof AlarmAction.RunbookAnswer answer) {
            return runbookAnswer(command, answer, alarm, runbook);
        } else if (action instanceof AlarmAction.Notified notified) {
            return notified(command, notified, alarm);
        }
        return refused(command, Refusal.invalid("unknown action '" + action.name() + "'"), alarm);
    }

    private static Outcome comment(AlarmCommand command, AlarmAction.Comment comment, Alarm alarm) {
        String text = comment.text().strip();
        if (text.isEmpty()) {
            return refused(command, Refusal.invalid("text: a comment needs text"), alarm);
        }
        return changed(command, alarm.comment(command.at(), command.by(), text));
    }

    private static Outcome clear(AlarmCommand command, AlarmAction.Clear clear, Alarm alarm,
                                 AlarmDefinition definition) {
        if (!alarm.active()) {
            return refused(command, Refusal.conflict("alarm " + alarm.serialNo() + " is already cleared"), alarm);
        }
        String reason = clear.reason().strip();
        // Without its definition nothing will clear the alarm by itself any more: a hand may.
        if (definition != null && Boolean.TRUE.equals(definition.autoClear()) && !(command.admin() && !reason.isEmpty())) {
            return refused(command, Refusal.conflict(definition.code()
                    + " clears by itself when its condition ends; only an admin giving a reason may clear it by hand"),
                    alarm);
        }
        return changed(command, alarm.cleared(command.at(), ClearType.MANUAL, command.by(),
                reason.isEmpty() ? "cleared by hand" : reason));
    }

    /**
     * Checked here, by the alarm's owner, and not only in the API: two engineers answering at once
     * are applied one after the other, each against the path the other's answer left.
     */
    private static Outcome runbookAnswer(AlarmCommand command, AlarmAction.RunbookAnswer answer, Alarm alarm,
                                         Runbook runbook) {
        if (runbook == null) {
            return refused(command, Refusal.notFound(AlarmCode.of(alarm.alarmId()) + " has no runbook"), alarm);
        }
        if (!answer.answer().equals("yes") && !answer.answer().equals("no")) {
            return refused(command, Refusal.invalid("answer: must be yes or no"), alarm);
        }
        if (alarm.runbookAnswers().size() >= MAX_RUNBOOK_ANSWERS) {
            return refused(command, Refusal.conflict("alarm " + alarm.serialNo() + " already has "
                    + MAX_RUNBOOK_ANSWERS + " runbook answers"), alarm);
        }
        Optional<String> refusal = RunbookWalk.of(runbook, alarm.runbookAnswers()).refusal(runbook, answer.step());
        if (refusal.isPresent()) {
            return refused(command, Refusal.conflict(refusal.get()), alarm);
        }
        return changed(command, alarm.runbookAnswered(command.at(), command.by(), answer.step(), answer.answer(),
                answer.note().strip()));
    }

    /** Recorded whatever the alarm's state: a resolved message is news about a cleared alarm. */
    private static Outcome notified(AlarmCommand command, AlarmAction.Notified notified, Alarm alarm) {
        if (notified.receiver().isBlank() || !notified.outcome().matches("sent|failed|held")) {
            return refused(command, Refusal.invalid("a notification names its receiver and an outcome sent, failed or held"),
                    alarm);
        }
        String detail = notified.receiver() + ": " + notified.outcome()
                + (notified.answer().isBlank() ? "" : " (" + notified.answer().strip() + ")");
        return changed(command, alarm.notified(command.at(), command.by(), detail));
    }

    private static Outcome changed(AlarmCommand command, Alarm next) {
        return new Outcome(next, CommandResult.ok(command, next));
    }

    private static Outcome unchanged(AlarmCommand command, Alarm alarm) {
        return new Outcome(null, CommandResult.ok(command, alarm));
    }

    private static Outcome refused(AlarmCommand command, Refusal refusal, Alarm alarm) {
        return new Outcome(null, CommandResult.refused(command, refusal, alarm));
    }
}
