package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum AlarmState {
    ACTIVE, CLEARED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
