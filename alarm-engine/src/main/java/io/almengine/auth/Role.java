package io.almengine.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Ordered: each role may do everything the roles before it may. */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean allows(Role required) {
        return compareTo(required) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWire(String value) {
        for (Role r : values()) {
            if (r.wireName().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (viewer, operator, admin)");
    }
}
