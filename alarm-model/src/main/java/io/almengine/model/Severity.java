package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** FusionInsight's four alarm levels, most urgent first (紧急, 重要, 次要, 提示). */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Severity fromWire(String value) {
        for (Severity s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + value + "' (critical, major, minor, warning)");
    }
}
