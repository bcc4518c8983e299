package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.auth.Role;
import io.almengine.lifecycle.AlarmAction;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmCode;
import io.almengine.model.Json;
import io.almengine.runbook.CheckRunner;
import io.almengine.runbook.RenderedRunbook;
import io.almengine.runbook.Runbook;
import io.almengine.runbook.RunbookCatalog;
import io.almengine.runbook.Step;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/alarms/{serialNo}/runbook}, {@code POST …/runbook/answers} and
 * {@code POST …/runbook/checks/{step}}. Answers go through the alarm's command path, so they are
 * recorded in its history and kept with it, exactly like an acknowledgement.
 */
final class RunbookEndpoints {

    /** A note is a sentence or two for the next engineer, not a log paste. */
    static final int MAX_NOTE_CHARS = 2000;
    private static final Set<String> ANSWER_FIELDS = Set.of("step", "answer", "note");

    private final AlarmView view;
    private final RunbookCatalog runbooks;
    private final AlarmCommands commands;
    private final CheckRunner checks;
    private final Clock clock;

    RunbookEndpoints(AlarmView view, RunbookCatalog runbooks, AlarmCommands commands, CheckRunner checks,
                     Clock clock) {
        this.view = view;
        this.runbooks = runbooks;
        this.commands = commands;
        this.checks = checks;
        this.clock = clock;
    }

    Reply get(Call call) {
        Alarm alarm = alarm(call);
        return Reply.ok(RenderedRunbook.render(runbook(alarm), alarm));
    }

    Reply answer(Call call) {
        Alarm alarm = alarm(call);
        Runbook runbook = runbook(alarm);
        JsonNode body = jsonObject(call);
        var problems = new ArrayList<String>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ANSWER_FIELDS.contains(name)) {
                problems.add(name + ": unknown field (known: step, answer, note)");
            }
        }
        String step = text(body, "step", problems);
        String answer = text(body, "answer", problems);
        String note = text(body, "note", problems);
        if (step == null || step.isBlank()) {
            problems.add("step: required, the id of the step answered");
        }
        if (!"yes".equals(answer) && !"no".equals(answer)) {
            problems.add("answer: required, yes or no");
        }
        if (note != null && note.length() > MAX_NOTE_CHARS) {
            problems.add("note: at most " + MAX_NOTE_CHARS + " characters");
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid runbook answer", problems);
        }
        Alarm answered = commands.apply(new AlarmCommand(UUID.randomUUID().toString(), alarm.serialNo(),
                alarm.connectionId(), call.principal().name(), call.principal().role() == Role.ADMIN,
                new AlarmAction.RunbookAnswer(step, answer, note == null ? "" : note.strip()), clock.instant()));
        return Reply.ok(RenderedRunbook.render(runbook, answered));
    }

    Reply check(Call call) {
        Alarm alarm = alarm(call);
        Runbook runbook = runbook(alarm);
        String stepId = call.pathParam("step");
        Step step = runbook.step(stepId).orElseThrow(() ->
                ApiException.notFound("no step '" + stepId + "' in the runbook of " + AlarmCode.of(alarm.alarmId())));
        if (step.check() == null) {
            throw new ApiException(409, "step '" + stepId + "' has no check");
        }
        return Reply.ok(checks.run(step, alarm.params()));
    }

    private Alarm alarm(Call call) {
        long serial = AlarmEndpoints.serial(call.pathParam("serialNo"));
        return view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
    }

    private Runbook runbook(Alarm alarm) {
        return runbooks.forAlarm(alarm.alarmId()).orElseThrow(() ->
                ApiException.notFound(AlarmCode.of(alarm.alarmId()) + " has no runbook"));
    }

    private static JsonNode jsonObject(Call call) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of());
        }
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body must be a JSON object such as {\"step\":\"network-ping\",\"answer\":\"yes\"}",
                    List.of());
        }
        return body;
    }

    private static String text(JsonNode body, String field, List<String> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problems.add(field + ": must be a string");
            return null;
        }
        return value.textValue();
    }
}
