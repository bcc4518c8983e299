package io.almengine.definition;

import java.util.List;
import java.util.stream.Collectors;

/** Start-up stops with this: every problem found in every file, one per line. */
public class InvalidDefinitionsException extends RuntimeException {

    private final List<DefinitionError> errors;

    public InvalidDefinitionsException(String what, List<DefinitionError> errors) {
        super(what + " are invalid:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<DefinitionError> errors() {
        return errors;
    }
}
