package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.auth.Role;
import io.almengine.lifecycle.AlarmAction;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/alarms/{serialNo}/ack|unack|clear|comments}: operator actions, applied by the
 * alarm's owner; and {@code POST /api/alarms/ack|unack|clear} for a selection of alarms at once.
 */
final class AlarmActionEndpoints {

    /** As many alarms as FusionInsight Manager lets an operator select and act on at once. */
    static final int MAX_BATCH = 300;
    /**
     * Longest comment or reason. Each is kept in the alarm record (and its history), which must stay
     * far below Kafka's 1 MB record limit however many notes an alarm collects.
     */
    static final int MAX_TEXT = 4000;

    private final AlarmView view;
    private final AlarmCommands commands;
    private final Clock clock;

    AlarmActionEndpoints(AlarmView view, AlarmCommands commands, Clock clock) {
        this.view = view;
        this.commands = commands;
        this.clock = clock;
    }

    Reply ack(Call call) {
        return execute(call, new AlarmAction.Ack());
    }

    Reply unack(Call call) {
        return execute(call, new AlarmAction.Unack());
    }

    Reply clear(Call call) {
        return execute(call, new AlarmAction.Clear(optionalText(call, "reason")));
    }

    Reply comment(Call call) {
        String text = optionalText(call, "text");
        if (text.isBlank()) {
            throw ApiException.badRequest("invalid comment", List.of("text: required, the comment itself"));
        }
        return execute(call, new AlarmAction.Comment(text));
    }

    Reply ackAll(Call call) {
        return executeAll(call, new AlarmAction.Ack());
    }

    Reply unackAll(Call call) {
        return executeAll(call, new AlarmAction.Unack());
    }

    Reply clearAll(Call call) {
        return executeAll(call, new AlarmAction.Clear(optionalText(call, "reason")));
    }

    private Reply execute(Call call, AlarmAction action) {
        long serial = AlarmEndpoints.serial(call.pathParam("serialNo"));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        return Reply.ok(commands.apply(command(call, alarm, action)));
    }

    /**
     * One command per selected alarm, all published before any answer is awaited (the alarms live on
     * different partitions and are applied in parallel); answered with one result per alarm, in
     * the order asked. The request succeeds as a whole even when some alarms refuse the action.
     */
    private Reply executeAll(Call call, AlarmAction action) {
        List<Long> serials = serialNos(call);
        var submitted = new LinkedHashMap<Long, CompletableFuture<CommandResult>>();
        var results = new ArrayList<Map<String, Object>>();
        for (long serial : serials) {
            view.get(serial).ifPresent(alarm -> submitted.put(serial, commands.submit(command(call, alarm, action))));
        }
        int succeeded = 0;
        for (long serial : serials) {
            var result = new LinkedHashMap<String, Object>();
            result.put("serialNo", serial);
            CompletableFuture<CommandResult> future = submitted.get(serial);
            if (future == null) {
                result.put("status", 404);
                result.put("error", "no alarm with serial number " + serial);
            } else {
                try {
                    CommandResult answer = commands.await(future);
                    if (answer.applied()) {
                        succeeded++;
                        result.put("status", 200);
                        result.put("alarm", AlarmEndpoints.summary(answer.alarm()));
                    } else {
                        result.put("status", ApiException.status(answer.refusal().reason()));
                        result.put("error", answer.refusal().message());
                    }
                } catch (ApiException e) {
                    result.put("status", e.status());
                    result.put("error", e.getMessage());
                }
            }
            results.add(result);
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("action", action.name());
        body.put("succeeded", succeeded);
        body.put("failed", serials.size() - succeeded);
        body.put("results", results);
        return Reply.ok(body);
    }

    private AlarmCommand command(Call call, Alarm alarm, AlarmAction action) {
        return new AlarmCommand(UUID.randomUUID().toString(), alarm.serialNo(), alarm.connectionId(),
                call.principal().name(), call.principal().role() == Role.ADMIN, action, clock.instant());
    }

    /** {@code serialNos} of a batch body: 1 to {@value #MAX_BATCH} distinct whole numbers. */
    private static List<Long> serialNos(Call call) {
        JsonNode body = json(call);
        JsonNode list = body == null ? null : body.get("serialNos");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw ApiException.badRequest("invalid selection", List.of("serialNos: required, a list of 1 to "
                    + MAX_BATCH + " serial numbers"));
        }
        if (list.size() > MAX_BATCH) {
            throw ApiException.badRequest("invalid selection", List.of("serialNos: " + list.size()
                    + " alarms selected; at most " + MAX_BATCH + " at once"));
        }
        var problems = new ArrayList<String>();
        var serials = new LinkedHashSet<Long>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                problems.add("serialNos[" + i + "]: " + n + " is not a serial number");
            } else if (!serials.add(n.longValue())) {
                problems.add("serialNos[" + i + "]: " + n.longValue() + " is selected twice");
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid selection", problems);
        }
        return List.copyOf(serials);
    }

    private static JsonNode json(Call call) {
        try {
            return Json.MAPPER.readTree(call.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of());
        }
    }

    /** A text field of an optional JSON object body; an absent or empty body means none. */
    private static String optionalText(Call call, String field) {
        if (call.body().length == 0) {
            return "";
        }
        JsonNode body = json(call);
        if (body == null || body.isNull() || body.isMissingNode()) {
            return "";
        }
        JsonNode value = body.get(field);
        if (!body.isObject() || (value != null && !value.isNull() && !value.isTextual())) {
            throw ApiException.badRequest("invalid body", List.of(field + ": must be a string"));
        }
        String text = value == null || value.isNull() ? "" : value.textValue();
        if (text.length() > MAX_TEXT) {
            throw ApiException.badRequest("invalid body", List.of(field + ": longer than " + MAX_TEXT + " characters"));
        }
        return text;
    }
}
