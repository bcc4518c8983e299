package io.almengine.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A node of the routing tree, with what it inherited from its parents already filled in: which
 * alarms it takes ({@code matchers}), where they go ({@code receiver}) and how they are grouped.
 * Alertmanager's semantics: an alarm goes down to the first child that matches (and on to the next
 * ones while the matching child says {@code continue}); a node none of whose children match takes
 * the alarm itself.
 *
 * @param key       the node's place in the tree, {@code {}} for the root and {@code {}/{matchers}/…}
 *                  below, as Alertmanager prefixes its group keys
 * @param groupBy   label names; {@code ...} alone groups by every label
 */
public record Route(
        String key,
        String receiver,
        List<Matcher> matchers,
        List<String> groupBy,
        Duration groupWait,
        Duration groupInterval,
        Duration repeatInterval,
        boolean sendResolved,
        boolean continueMatching,
        List<Route> routes) {

    public static final String ALL_LABELS = "...";

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes that take an alarm with these labels, in tree order (the root matches everything). */
    public List<Route> match(Map<String, String> labels) {
        var found = new ArrayList<Route>();
        collect(labels, found);
        return found;
    }

    private void collect(Map<String, String> labels, List<Route> found) {
        boolean taken = false;
        for (Route child : routes) {
            if (child.matchers.stream().allMatch(m -> m.matches(labels))) {
                child.collect(labels, found);
                taken = true;
                if (!child.continueMatching) {
                    break;
                }
            }
        }
        if (!taken) {
            found.add(this);
        }
    }

    /** The labels this route groups an alarm by, sorted by name (a label the alarm lacks is left out). */
    public Map<String, String> groupLabels(Map<String, String> labels) {
        var out = new TreeMap<String, String>();
        if (groupBy.contains(ALL_LABELS)) {
            out.putAll(labels);
            return out;
        }
        for (String name : groupBy) {
            String value = labels.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** Alertmanager's group key: the route's key and the group's labels, {@code {}:{alertname="ALM-24003"}}. */
    public String groupKey(Map<String, String> groupLabels) {
        var labels = new StringBuilder();
        new TreeMap<>(groupLabels).forEach((name, value) -> labels.append(labels.length() == 0 ? "" : ", ")
                .append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
        return key + ":{" + labels + "}";
    }

    /** This route or one of its descendants by key; {@code null} when the tree has none such. */
    public Route find(String wanted) {
        if (key.equals(wanted)) {
            return this;
        }
        for (Route child : routes) {
            Route found = child.find(wanted);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Every receiver name the tree sends to. */
    public Set<String> receivers() {
        var names = new java.util.TreeSet<String>();
        names.add(receiver);
        routes.forEach(r -> names.addAll(r.receivers()));
        return names;
    }
}
