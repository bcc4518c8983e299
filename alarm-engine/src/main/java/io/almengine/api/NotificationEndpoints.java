package io.almengine.api;

import io.almengine.notify.Attempt;
import io.almengine.notify.Delivery;
import io.almengine.notify.NotificationDesk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/notifications?serialNo=&receiver=&status=}: every attempt to send, newest first;
 * {@code POST /api/receivers/{name}/test}: a test message, sent now. Receivers' settings (and
 * their secrets) are never served.
 */
final class NotificationEndpoints {

    private static final Set<String> FILTERS = Set.of("serialNo", "receiver", "status", "limit", "offset");
    private static final int DEFAULT_LIMIT = 100;

    private final NotificationDesk desk;

    NotificationEndpoints(NotificationDesk desk) {
        this.desk = desk;
    }

    Reply list(Call call) {
        var problems = new ArrayList<String>();
        call.query().keySet().stream().filter(k -> !FILTERS.contains(k)).sorted()
                .forEach(k -> problems.add(k + ": unknown parameter (known: limit, offset, receiver, serialNo, status)"));
        Long serialNo = null;
        String serialText = first(call, "serialNo");
        if (serialText != null) {
            try {
                serialNo = Long.parseLong(serialText);
            } catch (NumberFormatException e) {
                problems.add("serialNo: must be a serial number, not '" + serialText + "'");
            }
        }
        Delivery.Outcome outcome = null;
        String status = first(call, "status");
        if (status != null) {
            try {
                outcome = Delivery.Outcome.valueOf(status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("status: must be sent, retry or failed, not '" + status + "'");
            }
        }
        int limit = number(call, "limit", DEFAULT_LIMIT, problems);
        int offset = number(call, "offset", 0, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid notifications query", problems);
        }
        List<Attempt> all = desk.attempts(serialNo, first(call, "receiver"), outcome);
        var body = new LinkedHashMap<String, Object>();
        body.put("items", all.stream().skip(offset).limit(limit).map(NotificationEndpoints::item).toList());
        body.put("total", all.size());
        return Reply.ok(body);
    }

    Reply test(Call call) {
        String name = call.pathParam("name");
        Attempt attempt = desk.test(name, call.principal().name())
                .orElseThrow(() -> ApiException.notFound("no receiver named '" + name + "'"));
        return Reply.ok(item(attempt));
    }

    private static LinkedHashMap<String, Object> item(Attempt a) {
        var item = new LinkedHashMap<String, Object>();
        item.put("id", a.id());
        item.put("receiver", a.receiver());
        item.put("type", a.type());
        item.put("attempt", a.attempt());
        item.put("at", a.at());
        item.put("status", a.outcome().name().toLowerCase(Locale.ROOT));
        item.put("answer", a.answer());
        item.put("groupKey", a.groupKey());
        item.put("serialNos", a.serialNos());
        return item;
    }

    private static String first(Call call, String name) {
        List<String> values = call.query().get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static int number(Call call, String name, int otherwise, List<String> problems) {
        String text = first(call, name);
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        problems.add(name + ": must be a whole number, 0 or more, not '" + text + "'");
        return otherwise;
    }
}
