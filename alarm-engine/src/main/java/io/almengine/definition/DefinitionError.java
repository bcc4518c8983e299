package io.almengine.definition;

import java.nio.file.Path;

/** One problem in an operator's file: where it is, which field, which rule it breaks. */
public record DefinitionError(Path file, int line, String field, String message) {

    @Override
    public String toString() {
        String where = file.getFileName() + (line > 0 ? ":" + line : "");
        return field == null || field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
