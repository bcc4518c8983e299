package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A reporter's promise, published on {@code alm.connection-events} as {@code {"type":"WATERMARK",
 * "reporter","time"}}: it has sent every event it observed up to {@code time} (its own clock, the
 * clock of its events). It is sent to every partition, after the reporter's earlier events, so each
 * partition's reader sees it after them; the engine then raises a link's alarm once the link's
 * reporter has vouched for its whole window, instead of guessing from its own clock.
 */
@JsonPropertyOrder({"type", "reporter", "time"})
public record Watermark(String reporter, Instant time) implements Event {

    /** The value of {@code type} on the wire. */
    public static final String TYPE = "WATERMARK";

    public Watermark {
        Objects.requireNonNull(reporter, "reporter");
        Objects.requireNonNull(time, "time");
    }

    @JsonProperty("type")
    public String type() {
        return TYPE;
    }
}
