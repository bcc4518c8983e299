package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.auth.Role;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code POST /api/alarms/{serialNo}/ack|unack|clear|comments}: operator actions, applied by the alarm's owner. */
final class AlarmActionEndpoints {

    private final AlarmView view;
    private final CommandGateway commands;
    private final Clock clock;

    AlarmActionEndpoints(AlarmView view, CommandGateway commands, Clock clock) {
        this.view = view;
        this.commands = commands;
        this.clock = clock;
    }

    Reply ack(Call call) {
        return execute(call, "ack", Map.of());
    }

    Reply unack(Call call) {
        return execute(call, "unack", Map.of());
    }

    Reply clear(Call call) {
        return execute(call, "clear", Map.of("reason", optionalText(call, "reason")));
    }

    Reply comment(Call call) {
        String text = optionalText(call, "text");
        if (text.isBlank()) {
            throw ApiException.badRequest("invalid comment", List.of("text: required, the comment itself"));
        }
        return execute(call, "comment", Map.of("text", text));
    }

    private Reply execute(Call call, String action, Map<String, String> args) {
        long serial = AlarmEndpoints.serial(call.pathParam(0));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        CommandResult result = commands.execute(new AlarmCommand(UUID.randomUUID().toString(), serial,
                alarm.connectionId(), action, call.principal().name(), call.principal().role() == Role.ADMIN, args,
                clock.instant()));
        if (result.status() != 200) {
            throw new ApiException(result.status(), result.message());
        }
        return Reply.ok(result.alarm());
    }

    /** A text field of an optional JSON object body; an absent or empty body means none. */
    private static String optionalText(Call call, String field) {
        if (call.body().length == 0) {
            return "";
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(call.body());
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of());
        }
        if (body == null || body.isNull()) {
            return "";
        }
        JsonNode value = body.get(field);
        if (!body.isObject() || (value != null && !value.isNull() && !value.isTextual())) {
            throw ApiException.badRequest("invalid body", List.of(field + ": must be a string"));
        }
        return value == null || value.isNull() ? "" : value.textValue();
    }
}
