package io.almengine.silence;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on an alarm's labels, as Alertmanager's silences write it: equal or not, to a
 * value or to a regular expression that must match the whole label. A label the alarm lacks reads
 * as the empty string, so {@code source!="a"} matches an alarm without a source.
 */
public record Matcher(String name, String value, boolean isRegex, boolean isEqual, Pattern pattern) {

    static final int MAX_VALUE = 1000;

    public Matcher {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("name: a label name (letters, digits, '_'), not '" + name + "'");
        }
        if (value == null || value.length() > MAX_VALUE) {
            throw new IllegalArgumentException(name + ": value required, at most " + MAX_VALUE + " characters");
        }
        if (isRegex && pattern == null) {
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(name + ": not a regular expression: " + e.getDescription());
            }
        }
    }

    public static Matcher of(String name, String value, boolean isRegex, boolean isEqual) {
        return new Matcher(name, value, isRegex, isEqual, null);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        boolean hit = isRegex ? pattern.matcher(actual).matches() : value.equals(actual);
        return hit == isEqual;
    }

    static boolean allMatch(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.value.equals(value) && m.isRegex == isRegex
                && m.isEqual == isEqual;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, value, isRegex, isEqual);
    }

    @Override
    public String toString() {
        return name + (isEqual ? "" : "!") + (isRegex ? "=~" : "=") + '"' + value + '"';
    }
}
