package io.almengine.collect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Masks secrets in log lines before they leave the host: for each configured pattern, the named
 * group {@code secret} (or the whole match when the pattern has none) becomes {@value #MASK}.
 */
final class SecretMasker {

    static final String MASK = "******";

    /** A line after masking, and how many secrets were masked in it. */
    record Masked(String line, int count) {
    }

    private final List<Pattern> patterns;

    SecretMasker(List<String> patterns) {
        this.patterns = patterns.stream().map(p -> {
            try {
                return Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("secret pattern '" + p + "' is not a regular expression: "
                        + e.getDescription(), e);
            }
        }).toList();
    }

    Masked mask(String line) {
        String current = line;
        int count = 0;
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(current);
            boolean named = pattern.pattern().contains("(?<secret>");
            StringBuilder out = null;
            int copied = 0;
            while (m.find()) {
                int start = named ? m.start("secret") : m.start();
                int end = named ? m.end("secret") : m.end();
                if (start < 0 || end <= start) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(current.length());
                }
                out.append(current, copied, start).append(MASK);
                copied = end;
                count++;
            }
            if (out != null) {
                out.append(current, copied, current.length());
                current = out.toString();
            }
        }
        return new Masked(current, count);
    }
}
