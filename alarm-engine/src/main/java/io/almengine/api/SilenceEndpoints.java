package io.almengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.AlarmCode;
import io.almengine.model.Json;
import io.almengine.silence.Mask;
import io.almengine.silence.Silence;
import io.almengine.silence.SilenceAdmin;
import io.almengine.silence.SilenceState;
import io.almengine.silence.Suppressions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/silences} (operators: create, list, expire) and {@code /api/masks} (admins: mask and
 * unmask an alarm id). Reads come from this instance's {@link Suppressions}; writes go through
 * Kafka to every instance.
 */
final class SilenceEndpoints {

    /** A silence longer than this is a mask or a mistake. */
    static final java.time.Duration LONGEST = java.time.Duration.ofDays(366);

    private final Suppressions suppressions;
    private final SilenceAdmin admin;
    private final DefinitionCatalog catalog;

    SilenceEndpoints(Suppressions suppressions, SilenceAdmin admin, DefinitionCatalog catalog) {
        this.suppressions = suppressions;
        this.admin = admin;
        this.catalog = catalog;
    }

    Reply create(Call call) {
        Instant now = admin.clock().instant();
        var problems = new ArrayList<String>();
        Silence silence = Silence.fromJson(body(call), UUID.randomUUID().toString(), call.principal().name(), now,
                problems);
        if (silence != null && silence.endsAt() != null) {
            if (!silence.endsAt().isAfter(silence.startsAt())) {
                problems.add("endsAt: after startsAt");
            } else if (!silence.endsAt().isAfter(now)) {
                problems.add("endsAt: in the future");
            } else if (silence.endsAt().isAfter(silence.startsAt().plus(LONGEST))) {
                problems.add("endsAt: at most " + LONGEST.toDays() + " days after startsAt; mask the alarm id instead");
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid silence", problems);
        }
        admin.put(silence);
        return new Reply(201, Map.of("id", silence.id()));
    }

    Reply list(Call call) {
        Instant now = admin.clock().instant();
        List<String> states = call.query().getOrDefault("state", List.of());
        var wanted = new ArrayList<SilenceState>();
        for (String s : states) {
            try {
                wanted.add(SilenceState.fromWire(s));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid silence query", List.of("state: " + e.getMessage()));
            }
        }
        return Reply.ok(Map.of("items", suppressions.silences().stream()
                .filter(s -> wanted.isEmpty() || wanted.contains(s.stateAt(now)))
                .map(s -> s.toJson(now)).toList()));
    }

    Reply get(Call call) {
        return Reply.ok(silence(call).toJson(admin.clock().instant()));
    }

    /** Expires the silence; an expired one stays listed, as in Alertmanager. */
    Reply expire(Call call) {
        Silence silence = silence(call);
        Instant now = admin.clock().instant();
        if (silence.stateAt(now) == SilenceState.EXPIRED) {
            throw new ApiException(409, "silence " + silence.id() + " has already expired");
        }
        Silence expired = silence.expiredAt(now);
        admin.put(expired);
        return Reply.ok(expired.toJson(now));
    }

    Reply mask(Call call) {
        JsonNode body = body(call);
        var problems = new ArrayList<String>();
        JsonNode idNode = body.path("alarmId");
        Integer alarmId = idNode.isInt() ? Integer.valueOf(idNode.asInt())
                : AlarmCode.parse(idNode.isTextual() ? idNode.asText() : null).map(AlarmCode::id).orElse(null);
        if (alarmId == null) {
            problems.add("alarmId: an alarm id such as 24003");
        } else if (catalog != null && catalog.byId(alarmId).isEmpty()) {
            problems.add("alarmId: no alarm definition has id " + alarmId);
        }
        String comment = body.path("comment").isTextual() ? body.path("comment").asText() : "";
        if (comment.isBlank()) {
            problems.add("comment: required: say why");
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid mask", problems);
        }
        if (suppressions.mask(alarmId).isPresent()) {
            throw new ApiException(409, AlarmCode.of(alarmId) + " is masked already; unmask it first");
        }
        Mask mask = new Mask(alarmId, comment, call.principal().name(), admin.clock().instant());
        admin.put(mask);
        return new Reply(201, mask);
    }

    Reply masks(Call call) {
        return Reply.ok(Map.of("items", suppressions.masks()));
    }

    Reply unmask(Call call) {
        String text = call.pathParam("alarmId");
        int alarmId = AlarmCode.parse(text).map(AlarmCode::id)
                .orElseThrow(() -> ApiException.badRequest("invalid mask", List.of("alarmId: '" + text
                        + "' is not an alarm id such as 24003")));
        if (suppressions.mask(alarmId).isEmpty()) {
            throw ApiException.notFound(AlarmCode.of(alarmId) + " is not masked");
        }
        admin.unmask(alarmId);
        return Reply.ok(Map.of("unmasked", alarmId));
    }

    private Silence silence(Call call) {
        String id = call.pathParam("id");
        return suppressions.silence(id).orElseThrow(() -> ApiException.notFound("no silence with id '" + id + "'"));
    }

    private static JsonNode body(Call call) {
        try {
            JsonNode node = Json.MAPPER.readTree(call.body());
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body must be a JSON object", List.of());
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON", List.of());
        }
    }
}
