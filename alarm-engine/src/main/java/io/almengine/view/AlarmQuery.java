package io.almengine.view;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.Severity;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * A validated query on the alarm list; {@code null} filters match everything. Newest first, like
 * the alarm lists operators are used to.
 */
public record AlarmQuery(AlarmState state, Integer alarmId, Severity severity, String source, int limit,
                         int offset) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public static final Comparator<Alarm> NEWEST_FIRST = Comparator.comparing(Alarm::occurredAt).reversed()
            .thenComparing(Comparator.comparingLong(Alarm::serialNo).reversed());

    public Predicate<Alarm> matcher() {
        return a -> (state == null || a.state() == state)
                && (alarmId == null || a.alarmId() == alarmId)
                && (severity == null || a.severity() == severity)
                && (source == null || source.equals(a.params().get("source")));
    }
}
