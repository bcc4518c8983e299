package io.almengine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmCode;
import io.almengine.model.AlarmState;
import io.almengine.model.ClearType;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.view.AlarmFilter;
import io.almengine.view.AlarmQuery;
import io.almengine.view.AlarmSort;
import io.almengine.view.AlarmView;
import io.almengine.silence.Suppressions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/alarms} and {@code GET /api/alarms/{serialNo}}, answered from the alarm view. */
final class AlarmEndpoints {

    private static final List<String> PARAMETERS = List.of("acknowledged", "alarmId", "clearType", "clientIp", "from",
            "limit", "masked", "offset", "order", "parent", "q", "severity", "silenced", "sort", "source", "state", "to");
    /** The list's filters and order; no paging (every match is exported), and the file's format and language. */
    private static final List<String> EXPORT_PARAMETERS = List.of("acknowledged", "alarmId", "clearType", "clientIp",
            "format", "from", "lang", "masked", "order", "parent", "q", "severity", "silenced", "sort", "source", "state", "to");
    /** Longer free text is a mistake or an attack, not a search. */
    static final int MAX_TEXT = 200;

    private final AlarmView view;
    private final DefinitionCatalog catalog;
    private final Suppressions suppressions;
    private final Clock clock;

    AlarmEndpoints(AlarmView view, DefinitionCatalog catalog, Suppressions suppressions, Clock clock) {
        this.view = view;
        this.catalog = catalog;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    Reply list(Call call) {
        AlarmQuery query = parse(call.query(), PARAMETERS, List.of());
        AlarmView.Page page = view.query(query);
        var body = new LinkedHashMap<String, Object>();
        Instant now = clock.instant();
        body.put("items", page.items().stream().map(a -> marked(summary(a), a, now)).toList());
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
        long serial = serial(call.pathParam("serialNo"));
        Alarm alarm = view.get(serial).orElseThrow(() -> ApiException.notFound("no alarm with serial number " + serial));
        ObjectNode node = Json.API.valueToTree(alarm);
        AlarmDefinition def = catalog == null ? null : catalog.byId(alarm.alarmId()).orElse(null);
        node.put("code", AlarmCode.of(alarm.alarmId()).toString());
        node.set("autoClear", def == null ? null : node.booleanNode(def.autoClear()));
        node.set("impact", def == null ? null : Json.API.valueToTree(def.impact()));
        node.set("causes", def == null ? null : Json.API.valueToTree(def.causes()));
        node.set("parameterInfo", def == null ? null : Json.API.valueToTree(def.parameters()));
        return Reply.ok(marked(node, alarm, clock.instant()));
    }

    /** What the operators asked not to be told about, as the alarm items show it. */
    private ObjectNode marked(ObjectNode node, Alarm alarm, Instant now) {
        var ids = node.putArray("silencedBy");
        suppressions.silencedBy(alarm, now).forEach(ids::add);
        node.put("masked", suppressions.masked(alarm));
        // Root-cause grouping: the parent's serial number (null when none) and, on a parent, its children.
        if (alarm.parent() == null) {
            node.putNull("parent");
        } else {
            node.put("parent", alarm.parent());
        }
        node.put("children", view.childrenOf(alarm.serialNo()));
        return node;
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
        ObjectNode node = Json.API.valueToTree(alarm);
        node.remove("history");
        return node;
    }

    /**
     * {@code GET /api/alarms/export?format=csv&lang=en|zh&…}: every alarm the list would show with
     * the same filters and order, as CSV, written while the alarms are read (the matches are taken
     * from the view as references at once, the file is never held in memory).
     */
    Reply export(Call call) {
        var problems = new ArrayList<String>();
        String format = single(call.query(), "format", problems);
        if (format != null && !format.equals("csv")) {
            problems.add("format: '" + format + "' is not csv (the only export format)");
        }
        AlarmCsv.Lang lang = AlarmCsv.Lang.EN;
        String langText = single(call.query(), "lang", problems);
        if (langText != null) {
            try {
                lang = AlarmCsv.Lang.fromWire(langText);
            } catch (IllegalArgumentException e) {
                problems.add("lang: " + e.getMessage());
            }
        }
        AlarmQuery query = parse(call.query(), EXPORT_PARAMETERS, problems);
        List<Alarm> matches = view.query(new AlarmQuery(query.filter(), query.sort(), Integer.MAX_VALUE, 0)).items();
        AlarmCsv.Lang chosen = lang;
        String name = "alarms-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + ".csv";
        return Reply.ok(new Streamed("text/csv; charset=utf-8", name, out -> AlarmCsv.write(matches, chosen, out)));
    }

    /** The query's filters; {@code problems} found before (by the caller) are reported with the query's own. */
    private static AlarmQuery parse(Map<String, List<String>> query, List<String> known, List<String> earlier) {
        var problems = new ArrayList<String>(earlier);
        query.keySet().stream().filter(k -> !known.contains(k)).sorted()
                .forEach(k -> problems.add(k + ": unknown parameter (known: " + String.join(", ", known) + ")"));
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
            alarmId = AlarmCode.parse(idText).map(AlarmCode::id).orElse(null);
            if (alarmId == null) {
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
        Boolean acknowledged = bool(query, "acknowledged", problems);
        ClearType clearType = null;
        String clearTypeText = single(query, "clearType", problems);
        if (clearTypeText != null) {
            try {
                clearType = ClearType.fromWire(clearTypeText);
            } catch (IllegalArgumentException e) {
                problems.add("clearType: " + e.getMessage());
            }
        }
        Instant from = instant(query, "from", problems);
        Instant to = instant(query, "to", problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("to: " + to + " is not after from " + from);
        }
        String q = text(query, "q", problems);
        Boolean masked = bool(query, "masked", problems);
        Boolean silenced = bool(query, "silenced", problems);
        Long parent = null;
        String parentText = single(query, "parent", problems);
        if (parentText != null) {
            try {
                parent = Long.parseLong(parentText);
            } catch (NumberFormatException e) {
                problems.add("parent: '" + parentText + "' is not a serial number");
            }
        }
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
        return new AlarmQuery(new AlarmFilter(state, alarmId, severity, source, clientIp, acknowledged, from, to, q,
                clearType, Boolean.TRUE.equals(masked), silenced, parent),
                new AlarmSort(key, descending), limit, offset);
    }

    private static Boolean bool(Map<String, List<String>> query, String name, List<String> problems) {
        String text = single(query, name, problems);
        if (text == null) {
            return null;
        }
        switch (text) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                problems.add(name + ": '" + text + "' is not true or false");
                return null;
        }
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
