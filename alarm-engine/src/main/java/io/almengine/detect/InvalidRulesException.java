package io.almengine.detect;

import java.util.List;

/** Start-up stops with this when a rule file does not compile: one {@code file:line:column: message} per error. */
public final class InvalidRulesException extends RuntimeException {

    private final List<String> errors;

    InvalidRulesException(String folder, List<String> errors) {
        super("Rule files in " + folder + " do not compile:\n  " + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
