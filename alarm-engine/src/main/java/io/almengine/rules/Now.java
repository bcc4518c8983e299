package io.almengine.rules;

import java.time.Instant;
import org.kie.api.definition.type.ClassReactive;

/**
 * How far event time has got for the connection being evaluated, as a fact rules can compare
 * deadlines with: the instant up to which its events are all known to have been read. That is its
 * reporter's watermark while the reporter is heard, else the engine's clock less the allowed
 * lateness (see {@code ReporterWatermarks}), so a rule never judges a window whose end may still
 * be on its way.
 *
 * <p>Also why the rules are asked: the link went up or down ({@code transition}), or the deadline
 * of one alarm type was reached ({@code deadlineOf}, its id; 0 otherwise). A rule that must not
 * look again at what an earlier evaluation judged (the flap measure) guards with these cheap
 * fields; the others need not read them.
 *
 * <p>Class reactive: a fact lives for one evaluation and is never modified in the session, so
 * there is nothing to react to property by property (and Drools need not guess which properties a
 * method called in a constraint reads).
 */
@ClassReactive
public record Now(Instant instant, boolean transition, int deadlineOf) {

    /** An evaluation for no particular reason (a heartbeat, a trial). */
    public Now(Instant instant) {
        this(instant, false, 0);
    }

    /** Detection's: the evaluation of a link that went up or down. */
    public static Now ofTransition(Instant instant) {
        return new Now(instant, true, 0);
    }

    /** Detection's: the evaluation at the deadline of alarm type {@code alarmId}. */
    public static Now ofDeadline(Instant instant, int alarmId) {
        return new Now(instant, false, alarmId);
    }

    public boolean reached(Instant deadline) {
        return deadline != null && !deadline.isAfter(instant);
    }
}
