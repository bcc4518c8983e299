package io.almengine.model;

/**
 * One alarm type on one connection, {@code connectionId#alarmId}: the key of the active alarm in
 * lifecycle's store and of a pending deadline in detect's index. {@code #} never occurs in an
 * alarm id, so the last one splits the key back even if a connection id contained it.
 */
public record AlarmKey(String connectionId, int alarmId) {

    private static final char SEPARATOR = '#';

    /** The key in its string form; an {@link IllegalArgumentException} naming it when it is not one. */
    public static AlarmKey parse(String text) {
        int cut = text.lastIndexOf(SEPARATOR);
        try {
            return new AlarmKey(text.substring(0, cut), Integer.parseInt(text.substring(cut + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not connectionId#alarmId", e);
        }
    }

    /** The string form the stores keep. */
    @Override
    public String toString() {
        return connectionId + SEPARATOR + alarmId;
    }
}
