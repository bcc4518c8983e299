package io.almengine.runbook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a path through a runbook ends: the fault is fixed, or it goes to O&M with a log bundle. */
public enum End {
    RESOLVED, ESCALATE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code null} when {@code text} is neither {@code resolved} nor {@code escalate}. */
    static End fromWire(String text) {
        for (End end : values()) {
            if (end.wireName().equals(text)) {
                return end;
            }
        }
        return null;
    }
}
