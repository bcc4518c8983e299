package io.almengine.detect;

import java.util.List;

/**
 * Start-up stops with this when a rule file does not compile (one {@code file:line:column: message}
 * per error), or when a rule throws on its first trial evaluation (one {@code file: rule "name": message}).
 */
public final class InvalidRulesException extends RuntimeException {

    private final List<String> errors;

    InvalidRulesException(String folder, List<String> errors) {
        this("Rule files in " + folder + " do not compile", errors, true);
    }

    private InvalidRulesException(String heading, List<String> errors, boolean unused) {
        super(heading + ":\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Rules that compile but fail when evaluated on sample connections at start: one {@code file: rule: problem} per rule. */
    static InvalidRulesException failedTrial(String folder, List<String> errors) {
        return new InvalidRulesException("Rule files in " + folder
                + " fail when evaluated once on sample connections at start", errors, true);
    }

    public List<String> errors() {
        return errors;
    }
}
