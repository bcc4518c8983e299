package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * The one JSON mapping used on the wire, in state stores and in the API: ISO-8601 instants,
 * unknown fields tolerated on read (newer writers may add fields).
 */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.ALWAYS)
            .build();

    /**
     * The same mapping for what the API writes (its answers and its event stream), with every
     * instant in one form, ISO-8601 with exactly milliseconds: {@code 2026-11-20T08:03:00.000Z}.
     * {@link #MAPPER} writes as few digits as each instant needs, so one answer mixed
     * {@code 08:03:00Z} (an event's time) with {@code 08:03:00.123456789Z} (the engine's clock).
     * Truncated, not rounded: an instant shown is never later than the one kept. The wire and the
     * stores keep full precision, so a deadline is never due early.
     */
    public static final ObjectMapper API = MAPPER.copy()
            .registerModule(new SimpleModule("api-instants").addSerializer(Instant.class, new MillisInstants()));

    private Json() {
    }

    private static final class MillisInstants extends StdSerializer<Instant> {

        private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

        MillisInstants() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(MILLIS.format(value));
        }
    }
}
