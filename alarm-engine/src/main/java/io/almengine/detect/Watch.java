package io.almengine.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * What detection knows about one alarm type on one connection: a deadline armed by a rule, or the
 * condition already met (an alarm signalled). The rules see it as a fact.
 *
 * <p>A watch armed with a {@link Silence} follows the connection's heartbeats: its due time is
 * worked out again from the heartbeat history, so a heartbeat only moves it (in Java, without the
 * rules). {@code deadline} is then when detection looks next, never after the due time; a watch
 * that is met with a silence wakes the rules on the next heartbeat (the silence is over).
 */
public record Watch(int alarmId, Instant deadline, boolean met, Silence silence) {

    /** A watch with a fixed deadline, or none. */
    public Watch(int alarmId, Instant deadline, boolean met) {
        this(alarmId, deadline, met, null);
    }

    public static Watch idle(int alarmId) {
        return new Watch(alarmId, null, false, null);
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

    /** Whether this watch follows heartbeats rather than a fixed deadline. */
    public boolean followsHeartbeats() {
        return silence != null;
    }

    Watch at(Instant nextLook) {
        return new Watch(alarmId, nextLook, met, silence);
    }

    /**
     * What a heartbeat-following watch waits for: silence since the last heartbeat of at least
     * {@code longest}, or, when {@code phi} is set, phi reaching {@code phi}, whichever comes first;
     * and, when {@code fewerReports} is set, also fewer than that many reports younger than
     * {@code reportWindow} (a confirmation that can only come later than the silence, never earlier).
     */
    public record Silence(Duration longest, Double phi, Integer fewerReports, Duration reportWindow) {

        public Silence(Duration longest, Double phi) {
            this(longest, phi, null, null);
        }
    }
}
