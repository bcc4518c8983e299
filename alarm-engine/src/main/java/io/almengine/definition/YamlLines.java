package io.almengine.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each property path ({@code parameters[0].name}, in Bean Validation's notation) starts in
 * a YAML document, so that a rule broken after binding can still be reported with its line.
 * Public because runbooks, the other operator files, report their problems the same way.
 */
public final class YamlLines {

    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    public static YamlLines of(String yaml) {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            Deque<Frame> stack = new ArrayDeque<>();
            String pending = null;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                switch (token) {
                    case FIELD_NAME -> {
                        pending = join(stack, parser.currentName());
                        lines.putIfAbsent(pending, line);
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = elementPath(stack, pending);
                        if (path != null) {
                            lines.putIfAbsent(path, line);
                        }
                        stack.push(new Frame(path, token == JsonToken.START_ARRAY));
                        pending = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        stack.pop();
                        pending = null;
                    }
                    default -> {
                        String path = elementPath(stack, pending);
                        if (path != null) {
                            lines.putIfAbsent(path, line);
                        }
                        pending = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Syntax errors are reported by the binding step with their own location.
        }
        return new YamlLines(lines);
    }

    /** Whether the document has the path itself (a key or list element), whatever its value. */
    public boolean has(String path) {
        return lines.containsKey(path);
    }

    /**
     * The path of key {@code name} in the object at {@code near} or in its nearest enclosing object
     * that has such a key; {@code name} alone when none has.
     */
    String locate(String near, String name) {
        for (String p = near; p != null && !p.isEmpty(); p = parent(p)) {
            if (lines.containsKey(p + "." + name)) {
                return p + "." + name;
            }
        }
        return name;
    }

    /** The line of the path, or of its nearest ancestor that has one; 0 when nothing matches. */
    public int lineOf(String path) {
        for (String p = path; p != null && !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static String elementPath(Deque<Frame> stack, String pending) {
        if (pending != null) {
            return pending;
        }
        Frame top = stack.peek();
        if (top != null && top.array) {
            return (top.path == null ? "" : top.path) + "[" + top.next++ + "]";
        }
        return null;
    }

    private static String join(Deque<Frame> stack, String name) {
        Frame top = stack.peek();
        return top == null || top.path == null || top.path.isEmpty() ? name : top.path + "." + name;
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? null : path.substring(0, cut);
    }

    private static final class Frame {
        final String path;
        final boolean array;
        int next;

        Frame(String path, boolean array) {
            this.path = path;
            this.array = array;
        }
    }
}
