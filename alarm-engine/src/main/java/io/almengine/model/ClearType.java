package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code auto}: the condition went away; {@code manual}: a person or a retirement cleared it. */
public enum ClearType {
    AUTO, MANUAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
