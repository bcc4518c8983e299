package io.almengine.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** One problem in an operator's file: where it is, which field, which rule it breaks. */
public record DefinitionError(Path file, int line, String field, String message) {

    /**
     * What Jackson could not read in a YAML file, said the operator's way: a syntax error at its
     * line (with where the enclosing block starts), or the field by its path, at the field's own
     * line when {@code lines} knows it (records bind through their constructors, so Jackson may
     * only notice a field after reading on), else where Jackson stopped.
     */
    public static DefinitionError ofBinding(Path file, JsonProcessingException e, YamlLines lines) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " that starts at line " + (yaml.getContextMark().getLine() + 1) + ")";
            return new DefinitionError(file, yaml.getProblemMark().getLine() + 1, null,
                    "YAML syntax error: " + yaml.getProblem() + context);
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message = e instanceof UnrecognizedPropertyException unknown
                ? "unknown field (known here: " + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                        .collect(Collectors.joining(", ")) + ")"
                : e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
        int own = field == null || lines == null ? 0 : lines.lineOf(field);
        return new DefinitionError(file, own > 0 ? own : line, field, message);
    }

    @Override
    public String toString() {
        String where = file.getFileName() + (line > 0 ? ":" + line : "");
        return field == null || field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
