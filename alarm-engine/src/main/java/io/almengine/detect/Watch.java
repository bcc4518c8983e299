package io.almengine.detect;

import java.time.Instant;

/**
 * What detection knows about one alarm type on one connection: a deadline armed by a rule, or the
 * condition already met (an alarm signalled). The rules see it as a fact.
 */
public record Watch(int alarmId, Instant deadline, boolean met) {

    public static Watch idle(int alarmId) {
        return new Watch(alarmId, null, false);
    }

    public boolean armed() {
        return deadline != null;
    }

    public boolean idle() {
        return deadline == null && !met;
    }

    /** Whether the deadline has passed at {@code now} (a deadline is reached at its exact instant). */
    public boolean expiredAt(Instant now) {
        return deadline != null && !deadline.isAfter(now);
    }
}
