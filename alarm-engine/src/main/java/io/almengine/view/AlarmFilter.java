package io.almengine.view;

import io.almengine.model.AlarmState;
import io.almengine.model.ClearType;
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
 * @param clearType    how the alarm ended ({@code retracted} ones are not counted as {@code auto});
 *                     an active alarm has none, so it matches no clear type
 * @param masked       masked alarms only, or (false, the default) only those not masked
 * @param silenced     silenced alarms only, or only those not silenced; {@code null}: both
 * @param parent       only the children of the root-cause alarm with this serial number
 */
public record AlarmFilter(AlarmState state, Integer alarmId, Severity severity, String source, String clientIp,
                          Boolean acknowledged, Instant from, Instant to, String text, ClearType clearType,
                          boolean masked, Boolean silenced, Long parent) {

    public AlarmFilter {
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** A filter on everything but the clear type. */
    public AlarmFilter(AlarmState state, Integer alarmId, Severity severity, String source, String clientIp,
                       Boolean acknowledged, Instant from, Instant to, String text) {
        this(state, alarmId, severity, source, clientIp, acknowledged, from, to, text, null, false, null, null);
    }

    /** True when nothing but state and severity narrows the list: then the view's counters give the total. */
    boolean onlyStateAndSeverity() {
        return alarmId == null && source == null && clientIp == null && acknowledged == null && from == null
                && to == null && text == null && clearType == null && silenced == null && parent == null;
    }

    /**
     * Every condition but state (the index already holds one state) and severity (counted per
     * severity). {@code source} and {@code clientIp} are the view's canonical instances of this
     * filter's values: entries hold the same instances, so identity decides. {@code namesFound} are
     * the canonical names texts that contain the free text; {@code searched} its trigrams.
     */
    boolean matchesBesidesStateAndSeverity(AlarmView.Entry e, String source, String clientIp, String[] namesFound,
                                           Trigrams searched) {
        return (alarmId == null || e.alarmId() == alarmId)
                && (source == null || e.source() == source)
                && (clientIp == null || e.clientIp() == clientIp)
                && (acknowledged == null || e.acknowledged() == acknowledged)
                && (clearType == null || e.alarm().clearType() == clearType)
                && (parent == null || parent.equals(e.alarm().parent()))
                && (from == null || e.occurredComparedTo(from) >= 0)
                && (to == null || e.occurredComparedTo(to) < 0)
                && (text == null || namesHit(e.names(), namesFound)
                        || (e.trigrams().mayContain(searched) && e.searchText().contains(text)));
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
        return new AlarmFilter(state, alarmId, value, source, clientIp, acknowledged, from, to, text, clearType,
                masked, silenced, parent);
    }
}
