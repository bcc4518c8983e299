package io.almengine.lifecycle;

import java.util.Objects;

/**
 * Why the alarm's owner did not apply a command, in the domain's terms; the API decides what each
 * reason is in HTTP. {@code message} says what is wrong for the operator.
 */
public record Refusal(Reason reason, String message) {

    public enum Reason {
        /** No such alarm (any more), or not the connection's. */
        NOT_FOUND,
        /** The alarm is not in a state that allows the action (already cleared, clears by itself, …). */
        CONFLICT,
        /** The command itself is wrong (blank comment, an answer other than yes or no, an unknown action). */
        INVALID
    }

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static Refusal notFound(String message) {
        return new Refusal(Reason.NOT_FOUND, message);
    }

    public static Refusal conflict(String message) {
        return new Refusal(Reason.CONFLICT, message);
    }

    public static Refusal invalid(String message) {
        return new Refusal(Reason.INVALID, message);
    }
}
