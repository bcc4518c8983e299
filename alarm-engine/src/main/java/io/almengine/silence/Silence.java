package io.almengine.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almengine.model.Json;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Do not notify alarms whose labels match {@code matchers}: between {@code startsAt} and
 * {@code endsAt}, or, for a maintenance window, inside each window of {@code schedule} from
 * {@code startsAt} until it is expired ({@code endsAt} set). Expiring sets {@code endsAt} to the
 * moment of expiry; nothing else changes once created.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, Schedule schedule,
                      String comment, String createdBy, Instant createdAt) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    public SilenceState stateAt(Instant now) {
        if (endsAt != null && !now.isBefore(endsAt)) {
            return SilenceState.EXPIRED;
        }
        return now.isBefore(startsAt) ? SilenceState.PENDING : SilenceState.ACTIVE;
    }

    /** Whether an alarm with these labels is silenced at {@code now}. */
    public boolean mutes(Map<String, String> labels, Instant now) {
        return inForceAt(now) && Matcher.allMatch(matchers, labels);
    }

    /** Active and, for a maintenance window, inside one of its windows. */
    public boolean inForceAt(Instant now) {
        return stateAt(now) == SilenceState.ACTIVE && (schedule == null || schedule.windowAt(now).isPresent());
    }

    public boolean matches(Map<String, String> labels) {
        return Matcher.allMatch(matchers, labels);
    }

    public Silence expiredAt(Instant now) {
        // A pending silence ends before it starts: Alertmanager's rule, so it never shows as active.
        Instant end = now.isBefore(startsAt) ? startsAt : now;
        return new Silence(id, matchers, startsAt, end, schedule, comment, createdBy, createdAt);
    }

    public ObjectNode toJson(Instant now) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", id);
        ArrayNode list = node.putArray("matchers");
        for (Matcher m : matchers) {
            list.addObject().put("name", m.name()).put("value", m.value()).put("isRegex", m.isRegex())
                    .put("isEqual", m.isEqual());
        }
        node.set("startsAt", at(startsAt));
        node.set("endsAt", at(endsAt));
        if (schedule != null) {
            ObjectNode s = node.putObject("schedule");
            ArrayNode days = s.putArray("days");
            schedule.days().forEach(d -> days.add(d.getDisplayName(TextStyle.SHORT, Locale.ROOT).toUpperCase(Locale.ROOT)));
            s.put("start", schedule.start().toString());
            s.put("duration", schedule.duration().toString());
            s.put("zone", schedule.zone().getId());
            schedule.windowAt(now).ifPresentOrElse(
                    w -> s.put("inWindow", true).set("windowEndsAt", at(w.to())),
                    () -> s.put("inWindow", false).set("nextWindowAt", at(schedule.nextStartAfter(now))));
        }
        node.put("comment", comment);
        node.put("createdBy", createdBy);
        node.set("createdAt", at(createdAt));
        node.put("state", stateAt(now).wireName());
        return node;
    }

    /**
     * A silence from its stored or requested JSON; every problem of the request at once, each
     * naming its field. {@code id}, {@code createdBy} and {@code createdAt} come from the caller
     * when the JSON is a request.
     */
    public static Silence fromJson(JsonNode node, String id, String createdBy, Instant createdAt, List<String> problems) {
        if (node == null || !node.isObject()) {
            problems.add("body: a JSON object");
            return null;
        }
        var matchers = new ArrayList<Matcher>();
        JsonNode list = node.path("matchers");
        if (!list.isArray() || list.isEmpty()) {
            problems.add("matchers: at least one {name, value, isRegex, isEqual}");
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode m = list.get(i);
                try {
                    matchers.add(Matcher.of(text(m, "name"), text(m, "value"), m.path("isRegex").asBoolean(false),
                            m.path("isEqual").asBoolean(true)));
                } catch (IllegalArgumentException e) {
                    problems.add("matchers[" + i + "]." + e.getMessage());
                }
            }
        }
        String comment = text(node, "comment");
        if (comment == null || comment.isBlank()) {
            problems.add("comment: required: say why");
        }
        Schedule schedule = null;
        Instant startsAt = instant(node, "startsAt", problems);
        Instant endsAt = instant(node, "endsAt", problems);
        if (node.hasNonNull("schedule")) {
            schedule = schedule(node.get("schedule"), problems);
            startsAt = startsAt == null ? createdAt : startsAt;
        } else if (endsAt == null) {
            if (!problems.stream().anyMatch(p -> p.startsWith("endsAt"))) {
                problems.add("endsAt: required (or a schedule for a maintenance window)");
            }
        } else if (startsAt == null && createdAt != null) {
            // Without a start, a silence starts when it is made, by the engine's clock.
            startsAt = createdAt;
        }
        if (startsAt != null && endsAt != null && endsAt.isBefore(startsAt)) {
            // A silence expired before it started ends at its start; a request must end later (see the API).
            problems.add("endsAt: not before startsAt");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Silence(id == null ? text(node, "id") : id, matchers, startsAt, endsAt, schedule, comment,
                createdBy == null ? text(node, "createdBy") : createdBy,
                createdAt == null ? instant(node, "createdAt", problems) : createdAt);
    }

    /** A stored silence, which was valid when written. */
    public static Optional<Silence> stored(byte[] json) {
        try {
            var problems = new ArrayList<String>();
            return Optional.ofNullable(fromJson(Json.MAPPER.readTree(json), null, null, null, problems));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Schedule schedule(JsonNode s, List<String> problems) {
        try {
            var days = new ArrayList<DayOfWeek>();
            for (JsonNode d : s.path("days")) {
                days.add(day(d.asText()));
            }
            String start = text(s, "start");
            String duration = text(s, "duration");
            String zone = text(s, "zone");
            return new Schedule(days, start == null ? null : parse("schedule.start", () -> LocalTime.parse(start)),
                    duration == null ? null : parse("schedule.duration", () -> Duration.parse(duration)),
                    zone == null ? null : parse("schedule.zone", () -> ZoneId.of(zone)));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static DayOfWeek day(String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.getDisplayName(TextStyle.SHORT, Locale.ROOT).equalsIgnoreCase(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("schedule.days: MON, TUE, WED, THU, FRI, SAT or SUN, not '" + text + "'");
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage());
        }
    }

    /** Instants as the API writes them everywhere: UTC, exactly milliseconds. */
    private static JsonNode at(Instant instant) {
        return Json.API.valueToTree(instant);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static Instant instant(JsonNode node, String field, List<String> problems) {
        String v = text(node, field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (RuntimeException e) {
            problems.add(field + ": an ISO-8601 instant such as 2026-12-04T02:00:00Z, not '" + v + "'");
            return null;
        }
    }
}
