package io.almengine.model;

import java.util.Optional;

/**
 * An alarm type as operators name it, {@code ALM-24003}: the alarm id with the code's prefix. The
 * one place that form is read and written, so the API, the command line, file names and messages
 * agree on it.
 */
public record AlarmCode(int id) {

    private static final String PREFIX = "ALM-";

    public static AlarmCode of(int id) {
        return new AlarmCode(id);
    }

    /** {@code ALM-24003} or the bare id {@code 24003}; empty when it is neither. */
    public static Optional<AlarmCode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text;
        try {
            return Optional.of(new AlarmCode(Integer.parseInt(digits)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code ALM-24003}. */
    @Override
    public String toString() {
        return PREFIX + id;
    }
}
