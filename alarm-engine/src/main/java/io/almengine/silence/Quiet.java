package io.almengine.silence;

/**
 * Why an alarm change is not to be notified: which silence, maintenance window or mask holds it
 * back, in words an operator reads in the alarm's history.
 *
 * @param id the silence id, or the masked alarm id
 */
public record Quiet(Kind kind, String id, String reason) {

    public enum Kind {
        SILENCE, MAINTENANCE_WINDOW, MASK
    }
}
