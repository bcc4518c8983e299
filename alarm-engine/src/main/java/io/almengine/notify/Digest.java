package io.almengine.notify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What does not fit a receiver's limit, rolled into one message: every alarm of the waiting
 * messages, with a summary saying how many and a link to the list of active alarms. It goes under
 * the id of the first of them; it is built when it is sent and never stored (it may name thousands
 * of alarms), the messages it took in leaving the outbox once it is delivered.
 */
final class Digest {

    private Digest() {
    }

    static Outgoing of(List<Outgoing> waiting, String listUrl) {
        Outgoing first = waiting.get(0);
        var notices = new ArrayList<Notice>();
        var alarms = new LinkedHashMap<Long, String>();
        int truncated = 0;
        for (Outgoing o : waiting) {
            notices.addAll(o.notification().alerts());
            alarms.putAll(o.alarms());
            truncated += o.notification().truncatedAlerts();
        }
        var byType = new TreeMap<String, Integer>();
        notices.forEach(n -> byType.merge(n.labels().getOrDefault("alertname", "?"), 1, Integer::sum));
        var kinds = new StringBuilder();
        byType.forEach((name, count) -> kinds.append(kinds.length() == 0 ? "" : ", ").append(name).append(" ×").append(count));
        int count = alarms.size() + truncated;
        var annotations = new LinkedHashMap<>(GroupState.common(notices, Notice::annotations));
        annotations.put("summary", count + " more alarms: " + kinds);
        annotations.put("summaryZh", "另有 " + count + " 条告警：" + kinds);
        annotations.put("digest", Integer.toString(count));
        annotations.put("link", listUrl);
        boolean firing = notices.stream().anyMatch(n -> n.status() == Notification.Status.FIRING);
        Map<String, String> labels = GroupState.common(notices, Notice::labels);
        var message = new Notification(first.notification().receiver(), "digest:" + first.id(),
                firing ? Notification.Status.FIRING : Notification.Status.RESOLVED, Map.of(), labels, annotations,
                first.notification().externalUrl(), notices, truncated);
        return new Outgoing(first.id(), first.attempts(), first.notBefore(), message, alarms);
    }
}
