package io.almengine.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every alarm definition the engine runs with, loaded from one folder and validated as a whole. */
public final class DefinitionCatalog {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Map<Integer, AlarmDefinition> byId;
    private final Map<String, List<AlarmDefinition>> byComponent;

    private DefinitionCatalog(Collection<AlarmDefinition> definitions) {
        var ids = new LinkedHashMap<Integer, AlarmDefinition>();
        definitions.stream().sorted(Comparator.comparingInt(AlarmDefinition::id)).forEach(d -> ids.put(d.id(), d));
        this.byId = Map.copyOf(ids);
        this.byComponent = ids.values().stream()
                .collect(Collectors.groupingBy(AlarmDefinition::component, Collectors.toUnmodifiableList()));
    }

    public static DefinitionCatalog of(Collection<AlarmDefinition> definitions) {
        return new DefinitionCatalog(definitions);
    }

    /**
     * Loads every {@code *.yaml} in {@code folder}. Runbook names are checked against
     * {@code runbooks}. Throws with every problem of every file when anything is wrong.
     */
    public static DefinitionCatalog load(Path folder, Path runbooks) {
        if (!Files.isDirectory(folder)) {
            throw new InvalidDefinitionsException("Alarm definitions",
                    List.of(new DefinitionError(folder, 0, null, "folder not found: " + folder.toAbsolutePath())));
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidDefinitionsException("Alarm definitions",
                    List.of(new DefinitionError(folder, 0, null, "cannot list folder: " + e.getMessage())));
        }
        var errors = new ArrayList<DefinitionError>();
        var loaded = new LinkedHashMap<Integer, Path>();
        var definitions = new ArrayList<AlarmDefinition>();
        if (files.isEmpty()) {
            errors.add(new DefinitionError(folder, 0, null, "no *.yaml alarm definition in " + folder.toAbsolutePath()));
        }
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            for (Path file : files) {
                parse(file, validator, runbooks, errors).ifPresent(def -> {
                    Path first = loaded.putIfAbsent(def.id(), file);
                    if (first != null) {
                        errors.add(new DefinitionError(file, 0, "id",
                                "alarm id " + def.id() + " is already defined in " + first.getFileName()));
                    } else {
                        definitions.add(def);
                    }
                });
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionsException("Alarm definitions in " + folder, errors);
        }
        return new DefinitionCatalog(definitions);
    }

    private static Optional<AlarmDefinition> parse(Path file, Validator validator, Path runbooks,
                                                   List<DefinitionError> errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(new DefinitionError(file, 0, null, "cannot read: " + e.getMessage()));
            return Optional.empty();
        }
        AlarmDefinition def;
        try {
            def = YAML.readValue(text, AlarmDefinition.class);
        } catch (JsonProcessingException e) {
            errors.add(bindingError(file, e));
            return Optional.empty();
        }
        if (def == null) {
            errors.add(new DefinitionError(file, 0, null, "the file is empty"));
            return Optional.empty();
        }
        YamlLines lines = YamlLines.of(text);
        int before = errors.size();
        validator.validate(def).stream()
                .sorted(Comparator.comparing((ConstraintViolation<AlarmDefinition> v) -> v.getPropertyPath().toString()))
                .forEach(v -> {
                    String field = fieldName(v.getPropertyPath().toString());
                    errors.add(new DefinitionError(file, lines.lineOf(field), field, v.getMessage()));
                });
        String expectedName = def.code() + ".yaml";
        if (def.id() > 0 && !file.getFileName().toString().equals(expectedName)) {
            errors.add(new DefinitionError(file, lines.lineOf("id"), "id",
                    "alarm " + def.id() + " must be in a file named " + expectedName));
        }
        if (def.runbook() != null && runbooks != null && !Files.isRegularFile(runbooks.resolve(def.runbook()))) {
            errors.add(new DefinitionError(file, lines.lineOf("runbook"), "runbook",
                    "no file " + def.runbook() + " in " + runbooks));
        }
        return errors.size() == before ? Optional.of(def) : Optional.empty();
    }

    /** Bean Validation names the synthetic {@code isRaiseAfterPositive()} check after the field it guards. */
    private static String fieldName(String path) {
        return switch (path) {
            case "raiseAfterPositive" -> "raiseAfter";
            case "parameterNamesUnique" -> "parameters";
            default -> path.replace(".windowValid", "").replace("<list element>", "");
        };
    }

    private static DefinitionError bindingError(Path file, JsonProcessingException e) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "unknown field '" + unknown.getPropertyName() + "' (known: "
                    + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            field = null;
        } else {
            message = e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
        }
        return new DefinitionError(file, line, field, message);
    }

    public Optional<AlarmDefinition> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<AlarmDefinition> forComponent(String component) {
        return byComponent.getOrDefault(component, List.of());
    }

    public boolean covers(String component) {
        return byComponent.containsKey(component);
    }

    public Collection<AlarmDefinition> all() {
        return byId.values().stream().sorted(Comparator.comparingInt(AlarmDefinition::id)).toList();
    }

    public java.util.Set<String> components() {
        return byComponent.keySet();
    }
}
