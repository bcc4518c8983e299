package io.almengine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Bytes that are not one JSON value in UTF-8, with the problem in the API's words: where it is
 * (the field whose value holds the flaw, else the event or the body) and what it is. Never a
 * server error: every limit of the reader (nesting, number length, name length) is one of these.
 */
public final class MalformedJsonException extends JsonProcessingException {

    private final String problem;
    private final boolean encoding;

    MalformedJsonException(String place, boolean encoding, String detail, Throwable cause) {
        super(place + ": not valid " + (encoding ? "UTF-8: " : "JSON: ") + detail, null, cause);
        this.problem = getOriginalMessage();
        this.encoding = encoding;
    }

    /**
     * The problem, such as {@code clientName: not valid UTF-8: at byte 57, byte FF is never in UTF-8} or
     * {@code event: not valid JSON: Unexpected end-of-input … at line 1, column 20}.
     */
    public String problem() {
        return problem;
    }

    /** Whether the text is not UTF-8 (rather than UTF-8 that is not JSON). */
    public boolean encoding() {
        return encoding;
    }
}
