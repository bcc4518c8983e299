package io.almengine.notify;

/** A receiver field that cannot work as written; {@code field} is its name in the YAML block. */
public final class InvalidReceiverException extends IllegalArgumentException {

    private final String field;

    public InvalidReceiverException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
