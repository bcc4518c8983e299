package io.almengine.runbook;

import io.almengine.model.Alarm.RunbookAnswer;
import io.almengine.model.AlarmCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an alarm's answers lead through its runbook: from the start, each question follows its
 * latest answer and each plain step its next, until an unanswered question (the current step) or
 * an end. Answering a question earlier on the path again re-routes everything after it; answers
 * to steps no longer on the path stay in the record but lead nowhere.
 *
 * @param path    the steps visited, from the start to {@code current}
 * @param current the step the engineer is at: an unanswered question or an end
 * @param outcome how the path ended; {@code null} while a question is open
 */
public record RunbookWalk(List<String> path, String current, End outcome) {

    public RunbookWalk {
        path = List.copyOf(path);
    }

    public static RunbookWalk of(Runbook runbook, List<RunbookAnswer> answers) {
        Map<String, String> latest = new HashMap<>();
        answers.forEach(a -> latest.put(a.step(), a.answer()));
        var path = new ArrayList<String>();
        String at = runbook.start();
        // The loader rejects loops; the bound only guards against a runbook changed under stored answers.
        while (path.size() <= runbook.steps().size()) {
            Step step = runbook.step(at).orElse(null);
            if (step == null) {
                break;
            }
            path.add(at);
            switch (step.kind()) {
                case END -> {
                    return new RunbookWalk(path, at, step.end());
                }
                case NEXT -> at = step.next();
                case QUESTION -> {
                    String answer = latest.get(at);
                    if (answer == null) {
                        return new RunbookWalk(path, at, null);
                    }
                    at = step.after(answer);
                }
            }
        }
        return new RunbookWalk(path, path.isEmpty() ? runbook.start() : path.get(path.size() - 1), null);
    }

    /**
     * Why {@code stepId} cannot be answered now, or empty when it can: it must be a question of
     * this runbook on the path taken so far (the current step, or an earlier one to change its answer).
     */
    public Optional<String> refusal(Runbook runbook, String stepId) {
        Optional<Step> step = runbook.step(stepId);
        if (step.isEmpty()) {
            return Optional.of("no step '" + stepId + "' in the runbook of " + AlarmCode.of(runbook.alarmId()));
        }
        if (step.get().kind() != Step.Kind.QUESTION) {
            return Optional.of("step '" + stepId + "' asks no question");
        }
        if (!path.contains(stepId)) {
            return Optional.of("step '" + stepId + "' is not on the path taken so far ("
                    + String.join(" → ", path) + ")"
                    + (outcome == null ? "; answer '" + current + "' first" : ""));
        }
        return Optional.empty();
    }
}
