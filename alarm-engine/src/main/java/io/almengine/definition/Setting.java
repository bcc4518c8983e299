package io.almengine.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A value a definition's rule reads, declared in the definition's {@code settings} with its type
 * and value ({@code minReports: {type: int, default: 8}}), so a value of the wrong kind stops the
 * load at its line and a rule reading a name its definition does not declare stops the start (see
 * {@link AlarmDefinition#intSetting}). {@code default} is the value the rule gets.
 */
public record Setting(@NotNull Type type, @NotBlank @JsonProperty("default") String defaultValue) {

    /** What a setting holds, and how the rule reads it. */
    public enum Type {
        /** A whole number, read with {@code intSetting(name)}. */
        INT("a whole number"),
        /** A number, read with {@code numberSetting(name)} (a whole number is a number too). */
        NUMBER("a number"),
        /** An ISO-8601 duration such as {@code PT10M}, read with {@code durationSetting(name)}. */
        DURATION("an ISO-8601 duration such as PT10M"),
        /** Text, read with {@code setting(name)}. */
        TEXT("text");

        private final String kind;

        Type(String kind) {
            this.kind = kind;
        }

        @JsonCreator
        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wireName().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown setting type '" + value + "' (int, number, duration, text)");
        }

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether {@code value} is of this type. */
        boolean accepts(String value) {
            try {
                switch (this) {
                    case INT -> Integer.parseInt(value.strip());
                    case NUMBER -> Double.parseDouble(value.strip());
                    case DURATION -> Duration.parse(value.strip());
                    case TEXT -> { }
                }
                return true;
            } catch (NumberFormatException | DateTimeParseException e) {
                return false;
            }
        }

        /** A rule reading a setting of this type as {@code read} gets what it expects. */
        boolean readableAs(Type read) {
            return read == this || read == TEXT || (read == NUMBER && this == INT);
        }
    }

    public Setting {
        defaultValue = defaultValue == null ? null : defaultValue.strip();
    }

    public static Setting of(Type type, String value) {
        return new Setting(type, value);
    }

    @JsonIgnore
    @AssertTrue(message = "default must be of the setting's type (int: a whole number, number, duration: an ISO-8601 duration such as PT10M)")
    public boolean isDefaultOfItsType() {
        return type == null || defaultValue == null || type.accepts(defaultValue);
    }

    /**
     * What to write instead of a bare value ({@code minReports: 8}, as definitions had before
     * settings were declared), for the message that refuses it.
     */
    static String declareAs(String value) {
        return "declare the setting with its type: {type: int|number|duration|text, default: " + value + "}";
    }

    /** What a value of this setting looks like, for messages. */
    String expected() {
        return type.kind;
    }
}
