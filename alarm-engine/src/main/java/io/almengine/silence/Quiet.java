package io.almengine.silence;

/**
 * Why an alarm change is not to be notified: which silence, maintenance window or mask holds it
 * back, or which rule decision (a link that flaps), in words an operator reads in the alarm's history.
 *
 * @param id the silence id, the masked alarm id, or for {@link Kind#RULE} the code of the alarm
 *           that stands for the reason ("ALM-24901")
 */
public record Quiet(Kind kind, String id, String reason) {

    public enum Kind {
        SILENCE, MAINTENANCE_WINDOW, MASK,
        /** A rule raised the alarm quiet (see {@code Decisions.quiet}): e.g. the link flaps. */
        RULE
    }
}
