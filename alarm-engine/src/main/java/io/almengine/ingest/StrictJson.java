package io.almengine.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads bytes as exactly one JSON value in UTF-8, or says in the API's words why not. The text is
 * checked as UTF-8 first ({@link Utf8Text}), and a problem is placed in the field whose value
 * holds it ({@code clientName}, {@code attributes.rack}, {@code [1].sinkName}), so a producer
 * finds the bad value without counting bytes.
 */
final class StrictJson {

    /** One JSON value per event or body: anything after it (a second event, stray text) is an error, not ignored. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** One event: a problem no field narrows down is the {@code event}'s. */
    static JsonNode event(byte[] bytes) throws MalformedJsonException {
        return read(bytes, false);
    }

    /** A request body of one event or an array of them: a problem is the {@code body}'s, or {@code [i].}'s. */
    static JsonNode batch(byte[] bytes) throws MalformedJsonException {
        return read(bytes, true);
    }

    /** The JSON value of {@code bytes}, a missing node when there is none. */
    private static JsonNode read(byte[] bytes, boolean batch) throws MalformedJsonException {
        Utf8Text.Flaw flaw = Utf8Text.firstFlaw(bytes);
        if (flaw != null) {
            throw new MalformedJsonException(placeOf(bytes, flaw.offset(), batch), true,
                    "at byte " + flaw.offset() + ", " + flaw.what(), null);
        }
        JsonParser parser = null;
        try {
            parser = JSON.createParser(bytes);
            return JSON.readTree(parser);
        } catch (IOException e) {
            // The reader's limits (nesting depth, number length) come without a location: the parser has one.
            JsonLocation at = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation()
                    : parser == null ? null : parser.currentLocation();
            String place = parser == null ? whole(batch) : place(parser.getParsingContext(), false, batch);
            throw new MalformedJsonException(place, false, message(e)
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()), e);
        } finally {
            closeQuietly(parser);
        }
    }

    /** The reader's message, first line, without naming its own settings (they are not the producer's business). */
    private static String message(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse("").replaceAll(", from `[^`]*`", "");
    }

    /**
     * Where {@code offset} is: the text before it is well-formed, so the streaming parser reads up
     * to it and stops inside the string, or the member name, that holds it.
     */
    private static String placeOf(byte[] bytes, int offset, boolean batch) {
        JsonParser parser = null;
        boolean inString = false;
        try {
            parser = JSON.getFactory().createParser(bytes, 0, offset);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    inString = true;
                    parser.getText();  // strings are read lazily: this reads it up to the cut
                    inString = false;
                }
            }
            return whole(batch);
        } catch (IOException e) {
            return parser == null ? whole(batch) : place(parser.getParsingContext(), inString, batch);
        } finally {
            closeQuietly(parser);
        }
    }

    /**
     * The place as the parser names problems: the event field ({@code clientName}), an attribute
     * ({@code attributes.rack}), each behind its position in a batch ({@code [1].clientName}), else
     * the event ({@code [1].event}) or the whole. Deeper levels (inside an unknown field) count as
     * their event field.
     *
     * @param inString whether the parser stopped inside the string value of {@code context}'s
     *                 current member or element, rather than between values or in a member name
     */
    private static String place(JsonStreamContext context, boolean inString, boolean batch) {
        List<Object> path = new ArrayList<>();  // outermost first: member names and array indexes
        for (JsonStreamContext c = inString ? context : context.getParent(); c != null && !c.inRoot();
                c = c.getParent()) {
            path.add(0, c.inArray() ? (Object) Math.max(c.getCurrentIndex(), 0) : c.getCurrentName());
        }
        var out = new StringBuilder();
        int i = 0;
        if (batch && !path.isEmpty() && path.get(0) instanceof Integer index) {
            out.append('[').append(index).append("].");
            i = 1;
        }
        if (i >= path.size() || !(path.get(i) instanceof String field)) {
            return out.isEmpty() ? whole(batch) : out + "event";
        }
        out.append(field);
        if ("attributes".equals(field) && i + 1 < path.size() && path.get(i + 1) instanceof String key) {
            out.append('.').append(key);
        }
        return out.toString();
    }

    private static String whole(boolean batch) {
        return batch ? "body" : "event";
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // nothing to release for bytes
            }
        }
    }
}
