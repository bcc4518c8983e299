package io.almengine.runbook;

import io.almengine.definition.AlarmDefinition.Text;
import io.almengine.model.Alarm;
import io.almengine.model.Alarm.RunbookAnswer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A runbook as one alarm's engineer sees it: every text with the alarm's parameters filled in, the
 * answers so far, the path they lead along and the current step. What {@code GET …/runbook} answers.
 */
public record RenderedRunbook(
        long serialNo,
        int alarmId,
        Text title,
        String start,
        List<RenderedSection> sections,
        List<RunbookAnswer> answers,
        List<String> path,
        String current,
        End outcome,
        String logBundle) {

    public record RenderedSection(String id, Text title, List<RenderedStep> steps) {
    }

    /**
     * @param kind   {@code question}, {@code next} or {@code end}
     * @param onPath whether the path taken so far goes through this step
     * @param answer the step's latest answer, or {@code null}
     */
    public record RenderedStep(String id, String kind, Text title, Text instructions, List<String> commands,
                               RenderedCheck check, Text question, String yes, String no, String next, End end,
                               boolean onPath, RunbookAnswer answer) {
    }

    /**
     * @param target what the check will try, filled in; {@code runsOn} says from where: the engine's
     *               own host, which is not the client host unless they are the same machine
     */
    public record RenderedCheck(Check.Type type, String target, List<Integer> expectStatus, String ifPassed,
                                String runsOn, String path) {
    }

    /** Shown in place of a parameter the alarm carries no value for, so a gap is plain to see. */
    static String missing(String name) {
        return "<" + name + ": unknown>";
    }

    public static RenderedRunbook render(Runbook runbook, Alarm alarm) {
        RunbookWalk walk = RunbookWalk.of(runbook, alarm.runbookAnswers());
        Map<String, RunbookAnswer> latest = new HashMap<>();
        alarm.runbookAnswers().forEach(a -> latest.put(a.step(), a));
        Map<String, String> params = alarm.params();
        String checks = "/api/alarms/" + alarm.serialNo() + "/runbook/checks/";
        List<RenderedSection> sections = runbook.sections().stream().map(section -> new RenderedSection(section.id(),
                fill(section.title(), params), section.steps().stream().map(step -> new RenderedStep(step.id(),
                        step.kind().name().toLowerCase(java.util.Locale.ROOT), fill(step.title(), params),
                        fill(step.instructions(), params),
                        step.commands().stream().map(c -> fill(c, params)).toList(),
                        step.check() == null ? null : new RenderedCheck(step.check().type(),
                                fill(step.check().target(), params), step.check().expectStatus(),
                                step.check().ifPassed(), "engine", checks + step.id()),
                        fill(step.question(), params), step.yes(), step.no(), step.next(), step.end(),
                        walk.path().contains(step.id()), latest.get(step.id()))).toList())).toList();
        return new RenderedRunbook(alarm.serialNo(), runbook.alarmId(), fill(runbook.title(), params), runbook.start(),
                sections, alarm.runbookAnswers(), walk.path(), walk.current(), walk.outcome(), alarm.logBundlePath());
    }

    static String fill(String template, Map<String, String> params) {
        return Placeholders.fill(template, name -> {
            String value = params.get(name);
            return value == null || value.isEmpty() ? missing(name) : value;
        });
    }

    private static Text fill(Text text, Map<String, String> params) {
        return text == null ? null : new Text(fill(text.en(), params), fill(text.zh(), params));
    }
}
