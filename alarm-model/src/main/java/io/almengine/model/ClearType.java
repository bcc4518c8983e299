package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How an alarm ended. {@code auto}: the condition went away; {@code manual}: a person or a
 * retirement cleared it; {@code retracted}: the condition never held by event time (an event dated
 * inside the window, read only after the engine had raised the alarm, showed the outage to be
 * shorter than the threshold), so the alarm is withdrawn rather than cleared.
 */
public enum ClearType {
    AUTO, MANUAL,
    /**
     * Withdrawn: never an outage. A notification stage must not notify it as one (and, if it had
     * already sent the raise, says it was withdrawn rather than resolved); see {@link #wasOutage()}.
     */
    RETRACTED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an alarm that ended this way stood for a real condition, one worth telling people about. */
    public boolean wasOutage() {
        return this != RETRACTED;
    }

    /** The clear type of its wire name ({@code auto}, {@code manual}, {@code retracted}). */
    @JsonCreator
    public static ClearType fromWire(String value) {
        for (ClearType type : values()) {
            if (type.wireName().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown clear type '" + value + "' (auto, manual, retracted)");
    }
}
