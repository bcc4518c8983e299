package io.almengine.silence;

import java.util.Locale;

/** Where a silence is in its life, as Alertmanager names it. */
public enum SilenceState {
    PENDING, ACTIVE, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SilenceState fromWire(String text) {
        for (SilenceState s : values()) {
            if (s.wireName().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("one of pending, active, expired, not '" + text + "'");
    }
}
