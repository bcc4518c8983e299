package io.almengine.rules;

import io.almengine.definition.AlarmDefinition;
import java.time.Duration;
import java.time.Instant;
import org.kie.api.definition.type.ClassReactive;

/**
 * What detection knows about one alarm type on one connection: a deadline armed by a rule, or the
 * condition already met (an alarm signalled). The rules see it as a fact.
 *
 * <p>A watch armed with a {@link Silence} follows the connection's heartbeats: its due time is
 * worked out again from the heartbeat history, so a heartbeat only moves it (in Java, without the
 * rules). {@code deadline} is then when detection looks next, never after the due time; a watch
 * that is met with a silence wakes the rules on the next heartbeat (the silence is over).
 *
 * <p>Class reactive: a fact lives for one evaluation and is never modified in the session, so
 * there is nothing to react to property by property (and Drools need not guess which properties a
 * method called in a constraint reads).
 */
@ClassReactive
public record Watch(int alarmId, Instant deadline, boolean met, Silence silence, Instant due) {

    /** A watch with a fixed deadline, or none. */
    public Watch(int alarmId, Instant deadline, boolean met) {
        this(alarmId, deadline, met, null, null);
    }

    /** A watch as detection keeps it: {@code due} is only worked out for the rules (see {@link #due()}). */
    public Watch(int alarmId, Instant deadline, boolean met, Silence silence) {
        this(alarmId, deadline, met, silence, null);
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

    /**
     * When the engine judges the watched condition met, the one raise time a rule should use
     * (never re-derive it from settings): for a fixed deadline, the deadline; for a watch following
     * heartbeats, the moment its {@link Silence} holds given the heartbeats so far (silence for
     * {@code longest}, phi reaching {@code phi}, fewer reports: as {@code ConnectionState.dueAt}
     * computes it, which is also what detection sweeps at). {@code null} when idle or met. Present
     * on the watches the rules see; detection keeps watches without it.
     */
    @Override
    public Instant due() {
        return due;
    }

    /** Whether the condition is due at {@code now}: armed, and {@link #due()} reached. */
    public boolean dueBy(Instant now) {
        return due != null && !due.isAfter(now);
    }

    /** Detection's: this watch with detection's next look at {@code nextLook}. */
    public Watch at(Instant nextLook) {
        return new Watch(alarmId, nextLook, met, silence, null);
    }

    /** Detection's: this watch as the rules see it on {@code state}, with the due time the engine uses. */
    public Watch seenOn(ConnectionState state, AlarmDefinition definition) {
        if (met || deadline == null) {
            return this;
        }
        return new Watch(alarmId, deadline, met, silence, silence == null ? deadline : state.dueAt(silence, definition));
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
