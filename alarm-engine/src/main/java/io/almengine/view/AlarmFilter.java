package io.almengine.view;

import io.almengine.model.AlarmState;
import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Locale;

/**
 * Which alarms a query wants; every {@code null} field matches everything.
 *
 * @param state        active or cleared; {@code null}: both
 * @param from         earliest {@code occurredAt}, inclusive
 * @param to           latest {@code occurredAt}, exclusive
 * @param text         free text, matched case-insensitively anywhere in names, parameters, comments,
 *                     serial number and ALM code
 */
public record AlarmFilter(AlarmState state, Integer alarmId, Severity severity, String source, String clientIp,
                          Boolean acknowledged, Instant from, Instant to, String text) {

    public AlarmFilter {
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** True when nothing but state and severity narrows the list: then the view's counters give the total. */
    boolean onlyStateAndSeverity() {
        return alarmId == null && source == null && clientIp == null && acknowledged == null && from == null
                && to == null && text == null;
    }

    /**
     * Every condition but state (the index already holds one state) and severity (counted per
     * severity). {@code source} and {@code clientIp} are the view's canonical instances of this
     * filter's values: entries hold the same instances, so identity decides. {@code namesFound} are
     * the canonical names texts that contain the free text.
     */
    boolean matchesBesidesStateAndSeverity(AlarmView.Entry e, String source, String clientIp, String[] namesFound) {
        return (alarmId == null || e.alarmId() == alarmId)
                && (source == null || e.source() == source)
                && (clientIp == null || e.clientIp() == clientIp)
                && (acknowledged == null || e.acknowledged() == acknowledged)
                && (from == null || e.occurredComparedTo(from) >= 0)
                && (to == null || e.occurredComparedTo(to) < 0)
                && (text == null || namesHit(e.names(), namesFound) || e.searchText().contains(text));
    }

    private static boolean namesHit(String names, String[] found) {
        for (String f : found) {
            if (f == names) {
                return true;
            }
        }
        return false;
    }

    public AlarmFilter withSeverity(Severity value) {
        return new AlarmFilter(state, alarmId, value, source, clientIp, acknowledged, from, to, text);
    }
}
