package io.almengine.silence;

/**
 * Why an alarm change is not to be notified: which silence, maintenance window or mask holds it
 * back, which rule decision (a link that flaps), or which root-cause alarm it is a child of, in
 * words an operator reads in the alarm's history. A child of a root-cause alarm is held back under
 * its parent ({@link Kind#PARENT}), which is notified for the whole outage.
 *
 * @param id the silence id, the masked alarm id, the parent's serial number, or for
 *           {@link Kind#RULE} the code of the alarm that stands for the reason ("ALM-24901")
 */
public record Quiet(Kind kind, String id, String reason) {

    /** Held back under the root-cause alarm {@code serialNo}. */
    public static Quiet parent(String serialNo) {
        return new Quiet(Kind.PARENT, serialNo, "parent alarm " + serialNo);
    }

    public enum Kind {
        SILENCE, MAINTENANCE_WINDOW, MASK, PARENT,
        /** A rule raised the alarm quiet (see {@code Decisions.quiet}): e.g. the link flaps. */
        RULE
    }
}
