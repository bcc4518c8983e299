package io.almengine.view;

import java.util.Comparator;
import java.util.Locale;

/**
 * The order of an alarm list: by one key, ascending or descending. Ties are broken by
 * {@code occurredAt} and then the serial number, in the same direction, so every order is total
 * and paging never shows an alarm twice.
 */
public record AlarmSort(Key key, boolean descending) {

    /** Newest first, the order operators open the list in. */
    public static final AlarmSort NEWEST_FIRST = new AlarmSort(Key.OCCURRED_AT, true);

    public enum Key {
        OCCURRED_AT("occurredAt", Comparator.comparing((AlarmView.Entry e) -> e.alarm().occurredAt())),
        /** Ascending is least urgent first (warning … critical), so descending puts critical on top. */
        SEVERITY("severity", Comparator.comparingInt((AlarmView.Entry e) -> -e.alarm().severity().ordinal())
                .thenComparing(e -> e.alarm().occurredAt())),
        ALARM_ID("alarmId", Comparator.comparingInt((AlarmView.Entry e) -> e.alarm().alarmId())
                .thenComparing(e -> e.alarm().occurredAt()));

        private final String wireName;
        final Comparator<AlarmView.Entry> order;

        Key(String wireName, Comparator<AlarmView.Entry> primary) {
            this.wireName = wireName;
            this.order = primary.thenComparingLong(e -> e.alarm().serialNo());
        }

        public String wireName() {
            return wireName;
        }

        public static Key fromWire(String value) {
            for (Key k : values()) {
                if (k.wireName.equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not one of occurredAt, severity, alarmId");
        }
    }

    public String order() {
        return descending ? "desc" : "asc";
    }

    @Override
    public String toString() {
        return key.wireName() + " " + order().toLowerCase(Locale.ROOT);
    }
}
