package io.almengine.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.io.IOException;
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
 * <p>A record from Kafka is first read by a streaming pass that only accepts what is plainly
 * valid, field by field under the same rules; anything it is not sure of (a problem, an unusual
 * time format, a required field it does not know) is read again through the JSON tree, which
 * names every problem. The tree was most of the cost of ingest; valid events, nearly all of them,
 * now never build one.
 */
public final class EventParser {

    static final int MAX_TEXT = 256;

    /** One JSON value per event or body: anything after it (a second event, stray text) is an error, not ignored. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

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
                    + maxEventBytes));
        }
        ConnectionEvent plain = readPlainlyValid(bytes);
        if (plain != null) {
            return new ParseResult.Valid(plain);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (IOException e) {
            return new ParseResult.Invalid(List.of("event: not valid JSON: " + firstLine(e)));
        }
        return parse(node, "");
    }

    /**
     * The streaming pass: the event if it is valid under every rule of {@link #parse(JsonNode, String)},
     * or {@code null} when it is not or this pass cannot tell. A field given twice counts with its
     * last value, as in the tree.
     */
    private ConnectionEvent readPlainlyValid(byte[] bytes) {
        String type = null;
        String time = null;
        String component = null;
        String source = null;
        String clientIp = null;
        String clientName = null;
        String sinkName = null;
        String serverHost = null;
        Integer serverPort = null;
        Map<String, String> attributes = null;
        try (JsonParser p = JSON.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "type" -> type = text(p, value);
                    case "time" -> time = text(p, value);
                    case "component" -> component = text(p, value);
                    case "source" -> source = text(p, value);
                    case "clientIp" -> clientIp = text(p, value);
                    case "clientName" -> clientName = text(p, value);
                    case "sinkName" -> sinkName = text(p, value);
                    case "serverHost" -> serverHost = text(p, value);
                    case "serverPort" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            serverPort = null;
                        } else if (value == JsonToken.VALUE_NUMBER_INT
                                && p.getNumberType() == JsonParser.NumberType.INT
                                && p.getIntValue() >= 1 && p.getIntValue() <= 65535) {
                            serverPort = p.getIntValue();
                        } else {
                            return null;
                        }
                    }
                    case "attributes" -> {
                        if (value == JsonToken.VALUE_NULL) {
                            attributes = null;
                        } else if (value != JsonToken.START_OBJECT) {
                            return null;
                        } else {
                            attributes = new LinkedHashMap<>();
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                if (p.nextToken() != JsonToken.VALUE_STRING) {
                                    return null;
                                }
                                attributes.put(name, p.getText());
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
                if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING
                        && !field.equals("serverPort") && !field.equals("attributes") && isKnownText(field)) {
                    return null;
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!required(type) || !required(time) || !required(component) || !required(source) || !required(clientIp)
                || !optional(clientName) || !optional(sinkName) || !optional(serverHost)) {
            return null;
        }
        EventType eventType = switch (type) {
            case "CONNECTED" -> EventType.CONNECTED;
            case "DISCONNECTED" -> EventType.DISCONNECTED;
            case "HEARTBEAT" -> EventType.HEARTBEAT;
            default -> null;
        };
        Instant instant = IsoInstants.parseCommon(time);
        if (eventType == null || instant == null || !catalog.covers(component)
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
                serverPort, attributes == null ? Map.of() : attributes);
    }

    private List<String> requiredEventFields(String component) {
        return catalog.forComponent(component).stream().flatMap(d -> d.requiredEventFields().stream()).distinct()
                .toList();
    }

    private static boolean isKnownText(String field) {
        return switch (field) {
            case "type", "time", "component", "source", "clientIp", "clientName", "sinkName", "serverHost" -> true;
            default -> false;
        };
    }

    /** A string value's text; {@code null} for JSON null (absent) and for any other type (then rejected). */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static boolean required(String text) {
        return text != null && !text.isBlank() && optional(text);
    }

    private static boolean optional(String text) {
        return text == null || (text.length() <= MAX_TEXT && text.indexOf('|') < 0);
    }

    /** Reads one event from an already parsed JSON value; {@code at} prefixes field names (e.g. {@code [3].}). */
    public ParseResult parse(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            return new ParseResult.Invalid(List.of(at + "event: must be a JSON object"));
        }
        var fields = new Fields(node, at);
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
        if (time != null && time.isAfter(clock.instant().plus(maxFutureSkew))) {
            fields.problem("time", "is more than " + maxFutureSkew + " ahead of the engine's clock");
        }
        if (!fields.problems.isEmpty()) {
            return new ParseResult.Invalid(fields.problems);
        }
        return new ParseResult.Valid(new ConnectionEvent(type, time, component, source, clientIp, clientName,
                sinkName, serverHost, serverPort, attributes));
    }

    /** Reads a request body holding one event or an array of them. */
    public List<ParseResult> parseBatch(byte[] bytes) throws JsonProcessingException {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (node == null || node.isMissingNode()) {
            return List.of(new ParseResult.Invalid(List.of("body: empty")));
        }
        if (!node.isArray()) {
            return List.of(parse(node, ""));
        }
        var results = new ArrayList<ParseResult>(node.size());
        for (int i = 0; i < node.size(); i++) {
            results.add(parse(node.get(i), "[" + i + "]."));
        }
        return results;
    }

    static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
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
                problem("type", "unknown type '" + value + "' (CONNECTED, DISCONNECTED, HEARTBEAT)");
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
            if (required && text.isBlank()) {
                problem(field, "must not be blank");
                return null;
            }
            if (text.length() > MAX_TEXT) {
                problem(field, "longer than " + MAX_TEXT + " characters");
                return null;
            }
            if (text.indexOf('|') >= 0) {
                problem(field, "must not contain '|' (it separates the parts of the connection id)");
                return null;
            }
            return text;
        }

        Integer port() {
            JsonNode value = node.get("serverPort");
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 65535) {
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
                if (!entry.getValue().isTextual()) {
                    problem("attributes." + entry.getKey(), "must be a string, not " + kind(entry.getValue()));
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
