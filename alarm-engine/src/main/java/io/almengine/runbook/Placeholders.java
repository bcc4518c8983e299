package io.almengine.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code {parameter}} placeholders of runbook texts. {@code {{} and {@code }}} stand for
 * literal braces (a command such as {@code awk '{{print $1}}'}); any other brace is a mistake
 * the loader reports, so a typo never reaches an operator as half-filled text.
 */
final class Placeholders {

    private Placeholders() {
    }

    /** The placeholder names in {@code template}, in order; throws naming the first malformed brace. */
    static List<String> names(String template) {
        var names = new ArrayList<String>();
        scan(template, names::add, new StringBuilder());
        return names;
    }

    /** The template with every placeholder replaced by {@code value.apply(name)}. */
    static String fill(String template, Function<String, String> value) {
        var out = new StringBuilder(template.length() + 32);
        scan(template, name -> out.append(value.apply(name)), out);
        return out.toString();
    }

    private static void scan(String template, java.util.function.Consumer<String> onName, StringBuilder literal) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                String name = close < 0 ? "" : template.substring(i + 1, close);
                if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("'" + excerpt(template, i)
                            + "': a brace must enclose a parameter name such as {clientIp}; write {{ and }} for literal braces");
                }
                onName.accept(name);
                i = close + 1;
            } else if (c == '}') {
                throw new IllegalArgumentException("'" + excerpt(template, i)
                        + "': '}' closes no placeholder; write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
    }

    private static String excerpt(String text, int at) {
        return text.substring(at, Math.min(text.length(), at + 24));
    }
}
