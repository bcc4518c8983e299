package io.almengine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.view.AlarmQuery;
import io.almengine.view.AlarmView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/alarms} and {@code GET /api/alarms/{serialNo}}, answered from the alarm view. */
final class AlarmEndpoints {

    private static final Set<String> FILTERS = Set.of("state", "alarmId", "severity", "source", "limit", "offset");

    private final AlarmView view;

    AlarmEndpoints(AlarmView view) {
        this.view = view;
    }

    Reply list(Call call) {
        AlarmQuery query = parse(call.query());
        AlarmView.Page page = view.query(query);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(AlarmEndpoints::summary).toList());
        body.put("total", page.total());
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        return Reply.ok(body);
    }

    Reply get(Call call) {
        long serial = serial(call.pathParam(0));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        return Reply.ok(alarm);
    }

    static long serial(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("serial number must be a whole number, not '" + text + "'", List.of());
        }
    }

    /** The list shows alarms without their history, which only the detail view needs. */
    private static ObjectNode summary(Alarm alarm) {
        ObjectNode node = Json.MAPPER.valueToTree(alarm);
        node.remove("history");
        return node;
    }

    private static AlarmQuery parse(Map<String, List<String>> query) {
        var problems = new ArrayList<String>();
        query.keySet().stream().filter(k -> !FILTERS.contains(k)).sorted()
                .forEach(k -> problems.add(k + ": unknown parameter (known: alarmId, limit, offset, severity, "
                        + "source, state)"));
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
        String source = single(query, "source", problems);
        int limit = number(query, "limit", AlarmQuery.DEFAULT_LIMIT, 1, AlarmQuery.MAX_LIMIT, problems);
        int offset = number(query, "offset", 0, 0, Integer.MAX_VALUE, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid alarm query", problems);
        }
        return new AlarmQuery(state, alarmId, severity, source, limit, offset);
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
