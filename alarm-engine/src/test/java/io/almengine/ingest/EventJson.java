package io.almengine.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import java.nio.charset.StandardCharsets;

/**
 * A connection event as JSON text, started from a valid event and bent field by field, so a test
 * says only what is wrong with it.
 */
public final class EventJson {

    private final ObjectNode node;

    private EventJson(ObjectNode node) {
        this.node = node;
    }

    /** The event as any producer would write it. */
    public static EventJson of(ConnectionEvent event) {
        return new EventJson(Json.MAPPER.valueToTree(event));
    }

    /** An empty object, for building an event from nothing. */
    public static EventJson empty() {
        return new EventJson(Json.MAPPER.createObjectNode());
    }

    /** Sets {@code field} to {@code value} as JSON: a String, a Number, a Map, or anything Jackson writes. */
    public EventJson with(String field, Object value) {
        ObjectNode copy = node.deepCopy();
        copy.set(field, Json.MAPPER.valueToTree(value));
        return new EventJson(copy);
    }

    public EventJson without(String... fields) {
        ObjectNode copy = node.deepCopy();
        copy.remove(java.util.List.of(fields));
        return new EventJson(copy);
    }

    public ObjectNode node() {
        return node.deepCopy();
    }

    public String json() {
        return node.toString();
    }

    public byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** Several events as one JSON array. */
    public static String array(EventJson... events) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (EventJson e : events) {
            array.add(e.node());
        }
        return array.toString();
    }
}
