package io.almengine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.view.AlarmFilter;
import io.almengine.view.AlarmQuery;
import io.almengine.view.AlarmSort;
import io.almengine.view.AlarmView;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/alarms} and {@code GET /api/alarms/{serialNo}}, answered from the alarm view. */
final class AlarmEndpoints {

    private static final List<String> PARAMETERS = List.of("acknowledged", "alarmId", "clientIp", "from", "limit",
            "offset", "order", "q", "severity", "sort", "source", "state", "to");
    private static final Set<String> KNOWN = Set.copyOf(PARAMETERS);
    /** Longer free text is a mistake or an attack, not a search. */
    static final int MAX_TEXT = 200;

    private final AlarmView view;
    private final DefinitionCatalog catalog;

    AlarmEndpoints(AlarmView view, DefinitionCatalog catalog) {
        this.view = view;
        this.catalog = catalog;
    }

    Reply list(Call call) {
        AlarmQuery query = parse(call.query());
        AlarmView.Page page = view.query(query);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(AlarmEndpoints::summary).toList());
        body.put("total", page.total());
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        body.put("sort", query.sort().key().wireName());
        body.put("order", query.sort().order());
        var counts = new LinkedHashMap<String, Integer>();
        page.counts().forEach((s, n) -> counts.put(s.wireName(), n));
        body.put("counts", counts);
        return Reply.ok(body);
    }

    /** The alarm with its history and comments, and what its definition says about impact and causes. */
    Reply get(Call call) {
        long serial = serial(call.pathParam(0));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        ObjectNode node = Json.MAPPER.valueToTree(alarm);
        AlarmDefinition def = catalog == null ? null : catalog.byId(alarm.alarmId()).orElse(null);
        node.put("code", "ALM-" + alarm.alarmId());
        node.set("autoClear", def == null ? null : node.booleanNode(def.autoClear()));
        node.set("impact", def == null ? null : Json.MAPPER.valueToTree(def.impact()));
        node.set("causes", def == null ? null : Json.MAPPER.valueToTree(def.causes()));
        node.set("parameterInfo", def == null ? null : Json.MAPPER.valueToTree(def.parameters()));
        return Reply.ok(node);
    }

    static long serial(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("serial number must be a whole number, not '" + text + "'", List.of());
        }
    }

    /** The list shows alarms without their history, which only the detail view needs. */
    static ObjectNode summary(Alarm alarm) {
        ObjectNode node = Json.MAPPER.valueToTree(alarm);
        node.remove("history");
        return node;
    }

    private static AlarmQuery parse(Map<String, List<String>> query) {
        var problems = new ArrayList<String>();
        query.keySet().stream().filter(k -> !KNOWN.contains(k)).sorted()
                .forEach(k -> problems.add(k + ": unknown parameter (known: " + String.join(", ", PARAMETERS) + ")"));
        AlarmState state = AlarmState.ACTIVE;
        String stateText = single(query, "state", problems);
        if (stateText != null) {
            switch (stateText) {
                case "active" -> state = AlarmState.ACTIVE;
                case "cleared" -> state = AlarmState.CLEARED;
                case "all" -> state = null;
                default -> problems.add("state: '" + stateText + "' is not one of active, cleared, all");
            }
        }
        Integer alarmId = null;
        String idText = single(query, "alarmId", problems);
        if (idText != null) {
            try {
                alarmId = Integer.parseInt(idText.startsWith("ALM-") ? idText.substring(4) : idText);
            } catch (NumberFormatException e) {
                problems.add("alarmId: '" + idText + "' is not an alarm id such as 24003");
            }
        }
        Severity severity = null;
        String severityText = single(query, "severity", problems);
        if (severityText != null) {
            try {
                severity = Severity.fromWire(severityText);
            } catch (IllegalArgumentException e) {
                problems.add("severity: " + e.getMessage());
            }
        }
        String source = text(query, "source", problems);
        String clientIp = text(query, "clientIp", problems);
        Boolean acknowledged = null;
        String ackText = single(query, "acknowledged", problems);
        if (ackText != null) {
            switch (ackText) {
                case "true" -> acknowledged = true;
                case "false" -> acknowledged = false;
                default -> problems.add("acknowledged: '" + ackText + "' is not true or false");
            }
        }
        Instant from = instant(query, "from", problems);
        Instant to = instant(query, "to", problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("to: " + to + " is not after from " + from);
        }
        String q = text(query, "q", problems);
        AlarmSort.Key key = AlarmSort.NEWEST_FIRST.key();
        String sortText = single(query, "sort", problems);
        if (sortText != null) {
            try {
                key = AlarmSort.Key.fromWire(sortText);
            } catch (IllegalArgumentException e) {
                problems.add("sort: " + e.getMessage());
            }
        }
        boolean descending = true;
        String orderText = single(query, "order", problems);
        if (orderText != null) {
            switch (orderText) {
                case "asc" -> descending = false;
                case "desc" -> descending = true;
                default -> problems.add("order: '" + orderText + "' is not asc or desc");
            }
        }
        int limit = number(query, "limit", AlarmQuery.DEFAULT_LIMIT, 1, AlarmQuery.MAX_LIMIT, problems);
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid alarm query", problems);
        }
        return new AlarmQuery(new AlarmFilter(state, alarmId, severity, source, clientIp, acknowledged, from, to, q),
                new AlarmSort(key, descending), limit, offset);
    }

    private static String single(Map<String, List<String>> query, String name, List<String> problems) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            problems.add(name + ": given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    /** A text filter; empty means no filter (a cleared search box), overlong is refused. */
    private static String text(Map<String, List<String>> query, String name, List<String> problems) {
        String value = single(query, name, problems);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(name + ": longer than " + MAX_TEXT + " characters");
            return null;
        }
        return value;
    }

    private static Instant instant(Map<String, List<String>> query, String name, List<String> problems) {
        String value = single(query, name, problems);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + value + "' is not an ISO-8601 instant such as 2026-11-20T08:00:00Z");
            return null;
        }
    }

    private static int number(Map<String, List<String>> query, String name, int fallback, int min, int max,
                              List<String> problems) {
        String text = single(query, name, problems);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problems.add(name + ": " + value + " is outside " + min + ".." + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + ": '" + text + "' is not a whole number");
            return fallback;
        }
    }
}
