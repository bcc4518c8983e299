package io.almengine.ingest;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of an event written the plain way nearly every producer writes one: a single
 * JSON object of ASCII strings without escapes, a port number, {@code null}s and an attributes
 * object of strings. Anything else (an escape, a non-ASCII byte, a nested value in an unknown
 * field, a number in a text field, a malformed byte anywhere) answers {@code null}, and the event is
 * read by Jackson's tree instead. So this never accepts what Jackson would reject, and never
 * reads a value differently; it only skips building a parser and a tree for the common case.
 */
final class PlainEventScanner {

    /** The fields as found; a field given twice holds its last value, as in Jackson's tree. */
    static final class Fields {
        String type;
        String time;
        String component;
        String source;
        String clientIp;
        String clientName;
        String sinkName;
        String serverHost;
        Integer serverPort;
        Map<String, String> attributes;
        String reporter;
    }

    private final byte[] in;
    private int pos;

    private PlainEventScanner(byte[] in) {
        this.in = in;
    }

    static Fields scan(byte[] bytes) {
        return new PlainEventScanner(bytes).object();
    }

    private Fields object() {
        var fields = new Fields();
        skipSpace();
        if (!take('{')) {
            return null;
        }
        skipSpace();
        if (!take('}')) {
            do {
                String name = memberName();
                if (name == null || !value(name, fields)) {
                    return null;
                }
                skipSpace();
            } while (take(','));
            if (!take('}')) {
                return null;
            }
        }
        skipSpace();
        return pos == in.length ? fields : null;
    }

    /** Reads the value of field {@code name} into {@code fields}; false when it is not of the plain kind. */
    private boolean value(String name, Fields fields) {
        boolean isNull = literalNull();
        switch (name) {
            case "serverPort" -> {
                if (isNull) {
                    fields.serverPort = null;
                    return true;
                }
                int port = port();
                fields.serverPort = port < 0 ? null : port;
                return port >= 0;
            }
            case "attributes" -> {
                if (isNull) {
                    fields.attributes = null;
                    return true;
                }
                Map<String, String> attributes = attributes();
                fields.attributes = attributes;
                return attributes != null;
            }
            default -> {
                String text = isNull ? null : string();
                if (!isNull && text == null) {
                    return false;
                }
                switch (name) {
                    case "type" -> fields.type = text;
                    case "time" -> fields.time = text;
                    case "component" -> fields.component = text;
                    case "source" -> fields.source = text;
                    case "clientIp" -> fields.clientIp = text;
                    case "clientName" -> fields.clientName = text;
                    case "sinkName" -> fields.sinkName = text;
                    case "serverHost" -> fields.serverHost = text;
                    case "reporter" -> fields.reporter = text;
                    default -> {
                        // a field the contract does not name: ignored, as by the tree
                    }
                }
                return true;
            }
        }
    }

    private Map<String, String> attributes() {
        if (!take('{')) {
            return null;
        }
        var out = new LinkedHashMap<String, String>();
        skipSpace();
        if (take('}')) {
            return out;
        }
        do {
            String name = memberName();
            String value = name == null ? null : string();
            if (value == null) {
                return null;
            }
            out.put(name, value);
            skipSpace();
        } while (take(','));
        return take('}') ? out : null;
    }

    /** An object member's name and its colon, with the spaces around them; null when malformed. */
    private String memberName() {
        skipSpace();
        String name = string();
        skipSpace();
        if (name == null || !take(':')) {
            return null;
        }
        skipSpace();
        return name;
    }

    /** A string of printable ASCII without escapes, or null. */
    private String string() {
        if (!take('"')) {
            return null;
        }
        int start = pos;
        while (pos < in.length) {
            byte b = in[pos];
            if (b == '"') {
                String text = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
                pos++;
                return text;
            }
            if (b < 0x20 || b == '\\') {  // also every byte >= 0x80 (negative): non-ASCII
                return null;
            }
            pos++;
        }
        return null;
    }

    /** A JSON integer from 1 to 65535 as JSON writes it (no sign, no leading zero, no fraction), or -1. */
    private int port() {
        int start = pos;
        int value = 0;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9' && pos - start < 6) {
            value = value * 10 + (in[pos] - '0');
            pos++;
        }
        int digits = pos - start;
        if (digits == 0 || digits > 5 || (in[start] == '0') || value > 65535) {
            return -1;
        }
        if (pos < in.length && (in[pos] == '.' || in[pos] == 'e' || in[pos] == 'E' || (in[pos] >= '0' && in[pos] <= '9'))) {
            return -1;
        }
        return value;
    }

    private boolean literalNull() {
        if (pos + 4 <= in.length && in[pos] == 'n' && in[pos + 1] == 'u' && in[pos + 2] == 'l' && in[pos + 3] == 'l') {
            pos += 4;
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        if (pos < in.length && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r')) {
            pos++;
        }
    }
}
