package io.almengine.notify.northbound;

import io.almengine.notify.InvalidReceiverException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A syslog message's text over {@link NorthboundAlarm#FIELDS}. Without a {@code template} field every
 * field as {@code key=value}, in FusionInsight's order, a value quoted when it holds a space, a quote,
 * an equals sign or nothing ({@code name="Flume Client connection interrupted"}); with one, each
 * {@code {{field}}} replaced by the bare value. Not {@code ${field}}: notifications.yaml replaces
 * that from the environment before a receiver reads its fields.
 */
record BodyTemplate(String text) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

    static BodyTemplate of(String text) {
        if (text != null) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                if (!NorthboundAlarm.FIELDS.contains(placeholder.group(1))) {
                    throw new InvalidReceiverException("template", "has {{" + placeholder.group(1)
                            + "}}, not one of " + NorthboundAlarm.FIELDS);
                }
            }
        }
        return new BodyTemplate(text);
    }

    String render(Map<String, String> fields) {
        if (text == null) {
            StringBuilder pairs = new StringBuilder();
            fields.forEach((key, value) -> {
                if (!pairs.isEmpty()) {
                    pairs.append(' ');
                }
                pairs.append(key).append('=').append(quoted(value));
            });
            return pairs.toString();
        }
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement(fields.get(m.group(1))));
    }

    /** As logfmt quotes: only when the bare value would not read back as itself. */
    static String quoted(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c == '\\')) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
