package io.almengine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.ConnectionId;
import io.almengine.model.EventType;
import io.almengine.model.Watermark;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads connection events against the contract: every field checked, every problem reported at
 * once, so a producer fixes its payload in one round.
 *
 * <p>A record from Kafka is first read by a quick pass ({@link PlainEventScanner}) that only
 * accepts what is plainly valid, field by field under the same rules; anything it is not sure of
 * (a problem, an escape, an unusual time format, a required field it does not know) is read again
 * through the JSON tree, which names every problem. The tree was most of the cost of ingest; valid
 * events, nearly all of them, now never build one.
 */
public final class EventParser {

    static final int MAX_TEXT = 256;
    /**
     * The earliest event time: the deadline index orders deadlines by their seconds since 1970 and
     * cannot hold an earlier one (such a disconnect was kept but never raised).
     */
    static final Instant EARLIEST = Instant.EPOCH;
    /** Fields of a connection event that a {@code WATERMARK} (type, time, reporter) does not carry. */
    private static final List<String> NOT_IN_A_WATERMARK = List.of("component", "source", "clientIp", "clientName",
            "sinkName", "serverHost", "serverPort", "attributes");

    private final DefinitionCatalog catalog;
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final int maxEventBytes;
    /** Per component, the event fields its definitions require (the catalog never changes). */
    private final Map<String, List<String>> requiredFields = new ConcurrentHashMap<>();

    public EventParser(DefinitionCatalog catalog, Clock clock, Duration maxFutureSkew, int maxEventBytes) {
        this.catalog = catalog;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.maxEventBytes = maxEventBytes;
    }

    public ParseResult parse(byte[] bytes) {
        if (bytes.length > maxEventBytes) {
            return new ParseResult.Invalid(List.of("event: " + bytes.length + " bytes, more than the limit of "
                    + maxEventBytes), true);
        }
        ConnectionEvent plain = readPlainlyValid(bytes);
        if (plain != null) {
            return new ParseResult.Valid(plain);
        }
        return parseTree(bytes);
    }

    /** Reads the event through the JSON tree only: the reference the quick pass must agree with. */
    ParseResult parseTree(byte[] bytes) {
        JsonNode node;
        try {
            node = StrictJson.event(bytes);
        } catch (MalformedJsonException e) {
            return new ParseResult.Invalid(List.of(e.problem()));
        }
        return parse(node, "");
    }

    /**
     * The quick pass: the event if it is plainly valid under every rule of {@link #parse(JsonNode, String)},
     * or {@code null} when it is not or this pass cannot tell (then the tree decides).
     */
    private ConnectionEvent readPlainlyValid(byte[] bytes) {
        PlainEventScanner.Fields fields = PlainEventScanner.scan(bytes);
        if (fields == null) {
            return null;
        }
        String type = fields.type;
        String time = fields.time;
        String component = fields.component;
        String source = fields.source;
        String clientIp = fields.clientIp;
        String clientName = fields.clientName;
        String sinkName = fields.sinkName;
        String serverHost = fields.serverHost;
        Integer serverPort = fields.serverPort;
        Map<String, String> attributes = fields.attributes;
        String reporter = fields.reporter;
        if (!required(type) || !required(time) || !required(component) || !required(source) || !required(clientIp)
                || !optional(clientName) || !optional(sinkName) || !optional(serverHost) || !optional(reporter)) {
            return null;
        }
        EventType eventType = switch (type) {
            case "CONNECTED" -> EventType.CONNECTED;
            case "DISCONNECTED" -> EventType.DISCONNECTED;
            case "HEARTBEAT" -> EventType.HEARTBEAT;
            default -> null;
        };
        Instant instant = IsoInstants.parseCommon(time);
        if (eventType == null || instant == null || !catalog.covers(component) || instant.isBefore(EARLIEST)
                || instant.isAfter(clock.instant().plus(maxFutureSkew))) {
            return null;
        }
        for (String field : requiredFields.computeIfAbsent(component, this::requiredEventFields)) {
            boolean present = switch (field) {
                case "clientName" -> clientName != null && !clientName.isBlank();
                case "sinkName" -> sinkName != null && !sinkName.isBlank();
                case "serverHost" -> serverHost != null && !serverHost.isBlank();
                case "serverPort" -> serverPort != null;
                case "attributes" -> attributes != null;
                case "type", "time", "component", "source", "clientIp" -> true; // checked above
                // a field this pass does not read: let the tree decide
                default -> false;
            };
            if (!present) {
                return null;
            }
        }
        return new ConnectionEvent(eventType, instant, component, source, clientIp, clientName, sinkName, serverHost,
                serverPort, attributes == null ? Map.of() : attributes, reporter);
    }

    private List<String> requiredEventFields(String component) {
        return catalog.forComponent(component).stream().flatMap(d -> d.requiredEventFields().stream()).distinct()
                .toList();
    }

    private static boolean required(String text) {
        return text != null && !text.isBlank() && optional(text);
    }

    private static boolean optional(String text) {
        return text == null || (text.length() <= MAX_TEXT && text.indexOf(ConnectionId.SEPARATOR) < 0);
    }

    /** Reads one event from an already parsed JSON value; {@code at} prefixes field names (e.g. {@code [3].}). */
    public ParseResult parse(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            return new ParseResult.Invalid(List.of(at + "event: must be a JSON object"));
        }
        var fields = new Fields(node, at);
        JsonNode typeValue = node.get("type");
        if (typeValue != null && typeValue.isTextual() && Watermark.TYPE.equals(typeValue.textValue())) {
            return watermark(fields);
        }
        EventType type = fields.type();
        Instant time = fields.time();
        String component = fields.text("component", true);
        String source = fields.text("source", true);
        String clientIp = fields.text("clientIp", true);
        String clientName = fields.text("clientName", false);
        String sinkName = fields.text("sinkName", false);
        String serverHost = fields.text("serverHost", false);
        Integer serverPort = fields.port();
        Map<String, String> attributes = fields.attributes();
        String reporter = fields.text("reporter", false);

        if (component != null) {
            if (!catalog.covers(component)) {
                fields.problem("component", "no alarm definition covers '" + component + "' (known: "
                        + String.join(", ", new TreeSet<>(catalog.components())) + ")");
            } else {
                catalog.forComponent(component).stream()
                        .flatMap(d -> d.requiredEventFields().stream()).distinct()
                        .forEach(required -> {
                            JsonNode value = node.get(required);
                            if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
                                fields.problem(required, "is required for component '" + component + "'");
                            }
                        });
            }
        }
        checkTime(fields, time);
        if (!fields.problems.isEmpty()) {
            return new ParseResult.Invalid(fields.problems);
        }
        return new ParseResult.Valid(new ConnectionEvent(type, time, component, source, clientIp, clientName,
                sinkName, serverHost, serverPort, attributes, reporter));
    }

    /**
     * A {@code WATERMARK}: {@code type}, {@code time} and {@code reporter}, nothing of a connection
     * (a field it does not carry is refused rather than ignored: it would look like a link's event).
     */
    private ParseResult watermark(Fields fields) {
        Instant time = fields.time();
        JsonNode given = fields.node.get("reporter");
        String reporter = null;
        if (given == null || given.isNull()) {
            fields.problem("reporter", "is required in a WATERMARK: the reporter whose events it vouches for");
        } else {
            reporter = fields.text("reporter", true);
        }
        for (String field : NOT_IN_A_WATERMARK) {
            JsonNode value = fields.node.get(field);
            if (value != null && !value.isNull()) {
                fields.problem(field, "is not part of a WATERMARK, which carries only type, time and reporter");
            }
        }
        checkTime(fields, time);
        if (!fields.problems.isEmpty()) {
            return new ParseResult.Invalid(fields.problems);
        }
        return new ParseResult.ValidWatermark(new Watermark(reporter, time));
    }

    private void checkTime(Fields fields, Instant time) {
        if (time != null && time.isAfter(clock.instant().plus(maxFutureSkew))) {
            fields.problem("time", "is more than " + maxFutureSkew + " ahead of the engine's clock");
        }
        if (time != null && time.isBefore(EARLIEST)) {
            fields.problem("time", "is before " + EARLIEST + ": the engine counts event times and deadlines from 1970");
        }
    }

    /**
     * Reads a request body holding one event or an array of them. Each valid event is read once
     * more as the pipeline will read it, from the very bytes that are published
     * ({@link EventPublisher#valueOf}) through {@link #parse(byte[])}: so every limit of the pipeline
     * (the event size above all) applies to the API too, and nothing the API accepts is
     * dead-lettered later.
     *
     * @throws MalformedJsonException when the body is not one JSON value in UTF-8
     */
    public List<ParseResult> parseBatch(byte[] bytes) throws MalformedJsonException {
        JsonNode node = StrictJson.batch(bytes);
        if (node == null || node.isMissingNode()) {
            return List.of(new ParseResult.Invalid(List.of("body: empty")));
        }
        if (!node.isArray()) {
            return List.of(asPublished(parse(node, ""), ""));
        }
        var results = new ArrayList<ParseResult>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String at = "[" + i + "].";
            results.add(asPublished(parse(node.get(i), at), at));
        }
        return results;
    }

    private ParseResult asPublished(ParseResult read, String at) {
        if (read.valid() == null) {
            return read;
        }
        ParseResult again = parse(EventPublisher.valueOf(read.valid()));
        if (again instanceof ParseResult.Invalid invalid) {
            return new ParseResult.Invalid(invalid.problems().stream().map(p -> at + p).toList(), invalid.tooLarge());
        }
        if (!again.equals(read)) {
            // Cannot happen while publishing writes what parsing reads; if it ever does, nothing is published.
            return new ParseResult.Invalid(List.of(at + "event: does not read back as sent once published"));
        }
        return read;
    }

    /** Field access that records a problem instead of throwing, so every field gets checked. */
    private static final class Fields {
        final JsonNode node;
        final String at;
        final List<String> problems = new ArrayList<>();

        Fields(JsonNode node, String at) {
            this.node = node;
            this.at = at;
        }

        void problem(String field, String message) {
            problems.add(at + field + ": " + message);
        }

        EventType type() {
            String value = text("type", true);
            if (value == null) {
                return null;
            }
            try {
                return EventType.valueOf(value);
            } catch (IllegalArgumentException e) {
                problem("type", "unknown type '" + value + "' (CONNECTED, DISCONNECTED, HEARTBEAT, WATERMARK)");
                return null;
            }
        }

        Instant time() {
            String value = text("time", true);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeException e) {
                problem("time", "'" + value + "' is not an ISO-8601 instant such as 2026-11-20T08:00:00Z");
                return null;
            }
        }

        String text(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) {
                    problem(field, "is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                problem(field, "must be a string, not " + kind(value));
                return null;
            }
            String text = value.textValue();
            String unicode = Utf8Text.unicodeProblem(text);
            if (unicode != null) {
                problem(field, unicode);
                return null;
            }
            if (required && text.isBlank()) {
                problem(field, "must not be blank");
                return null;
            }
            if (text.length() > MAX_TEXT) {
                problem(field, "longer than " + MAX_TEXT + " characters");
                return null;
            }
            if (text.indexOf(ConnectionId.SEPARATOR) >= 0) {
                problem(field, field.equals("reporter")
                        ? "must not contain '|' (a watermark is keyed by its reporter, and must never look like a"
                                + " connection id)"
                        : "must not contain '|' (it separates the parts of the connection id)");
                return null;
            }
            return text;
        }

        Integer port() {
            JsonNode value = node.get("serverPort");
            if (value == null || value.isNull()) {
                return null;
            }
            // canConvertToInt first: asLong() wraps a number beyond 64 bits (2^64 + 21154 read as 21154).
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1
                    || value.intValue() > 65535) {
                problem("serverPort", "must be an integer from 1 to 65535, not " + value);
                return null;
            }
            return value.intValue();
        }

        Map<String, String> attributes() {
            JsonNode value = node.get("attributes");
            if (value == null || value.isNull()) {
                return Map.of();
            }
            if (!value.isObject()) {
                problem("attributes", "must be an object of strings, not " + kind(value));
                return Map.of();
            }
            var map = new LinkedHashMap<String, String>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                var entry = it.next();
                String keyProblem = Utf8Text.unicodeProblem(entry.getKey());
                if (keyProblem != null) {
                    problem("attributes", "key \"" + Utf8Text.shown(entry.getKey()) + "\" " + keyProblem);
                } else if (!entry.getValue().isTextual()) {
                    problem("attributes." + entry.getKey(), "must be a string, not " + kind(entry.getValue()));
                } else if (Utf8Text.unicodeProblem(entry.getValue().textValue()) != null) {
                    problem("attributes." + entry.getKey(), Utf8Text.unicodeProblem(entry.getValue().textValue()));
                } else {
                    map.put(entry.getKey(), entry.getValue().textValue());
                }
            }
            return map;
        }

        private static String kind(JsonNode value) {
            return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
