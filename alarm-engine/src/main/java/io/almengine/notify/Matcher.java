package io.almengine.notify;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. A regex matches the whole value (anchored, as in
 * Alertmanager); a label the alarm lacks reads as the empty string.
 */
public record Matcher(String name, Op op, String value) {

    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String text;

        Op(String text) {
            this.text = text;
        }
    }

    /** Every route is matched against every alarm change: each regex is compiled once. */
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\"\\s]*))\\s*");

    /** Reads {@code name op "value"}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static Matcher parse(String text) {
        var m = SHAPE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher: write name=\"value\", name!=\"value\","
                    + " name=~\"regex\" or name!~\"regex\"");
        }
        String raw = m.group(3) != null ? m.group(3).replace("\\\"", "\"").replace("\\\\", "\\") : m.group(4);
        Op op = switch (m.group(2)) {
            case "=" -> Op.EQUAL;
            case "!=" -> Op.NOT_EQUAL;
            case "=~" -> Op.REGEX;
            default -> Op.NOT_REGEX;
        };
        var matcher = new Matcher(m.group(1), op, raw);
        if (op == Op.REGEX || op == Op.NOT_REGEX) {
            try {
                Pattern.compile(raw);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + text + "': bad regular expression: " + e.getDescription());
            }
        }
        return matcher;
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> PATTERNS.computeIfAbsent(value, Pattern::compile).matcher(actual).matches();
            case NOT_REGEX -> !PATTERNS.computeIfAbsent(value, Pattern::compile).matcher(actual).matches();
        };
    }

    @Override
    public String toString() {
        return name + op.text + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
