package io.almengine.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.util.ClassUtil;
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
import java.time.Duration;
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
    /** Per component, the alarm types judged per server port (see {@link AlarmDefinition#perServerPort()}). */
    private final Map<String, List<AlarmDefinition>> perServerPort;

    private DefinitionCatalog(Collection<AlarmDefinition> definitions) {
        var ids = new LinkedHashMap<Integer, AlarmDefinition>();
        definitions.stream().sorted(Comparator.comparingInt(AlarmDefinition::id)).forEach(d -> ids.put(d.id(), d));
        this.byId = Map.copyOf(ids);
        this.byComponent = ids.values().stream().filter(d -> !d.perServerPort())
                .collect(Collectors.groupingBy(AlarmDefinition::component, Collectors.toUnmodifiableList()));
        this.perServerPort = ids.values().stream().filter(AlarmDefinition::perServerPort)
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
        try {
            JsonNode tree = YAML.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                errors.add(new DefinitionError(file, 0, null, "the file is empty: it holds no alarm definition"));
                return Optional.empty();
            }
        } catch (JsonProcessingException e) {
            errors.add(DefinitionError.ofBinding(file, e, null));
            return Optional.empty();
        }
        YamlLines lines = YamlLines.of(text);
        // Binding problems (unknown field, unreadable value, wrong kind of value) are collected, not
        // thrown, so every problem of the file is reported in one go with the validation ones.
        var problems = new BindingProblems(file, lines);
        var found = new ArrayList<DefinitionError>();
        AlarmDefinition def = null;
        try {
            def = YAML.readerFor(AlarmDefinition.class).withHandler(problems).readValue(text);
        } catch (JsonProcessingException e) {
            found.add(DefinitionError.ofBinding(file, e, lines));
        }
        found.addAll(problems.errors);
        if (def != null) {
            validator.validate(def).forEach(v -> {
                String field = fieldName(v.getPropertyPath().toString());
                if (problems.reported(field)) {
                    return; // already said why this value could not be read
                }
                found.add(new DefinitionError(file, lines.lineOf(field), field, violationMessage(v, field, lines)));
            });
            String expectedName = def.code() + ".yaml";
            if (def.id() > 0 && !file.getFileName().toString().equals(expectedName)) {
                Path sibling = file.resolveSibling(expectedName);
                found.add(new DefinitionError(file, lines.lineOf("id"), "id", Files.isRegularFile(sibling)
                        ? "alarm id " + def.id() + " is already defined in " + expectedName
                                + " (one file per alarm type, named after its id)"
                        : "alarm " + def.id() + " must be in a file named " + expectedName));
            }
            if (def.runbook() != null && runbooks != null && !Files.isRegularFile(runbooks.resolve(def.runbook()))) {
                found.add(new DefinitionError(file, lines.lineOf("runbook"), "runbook",
                        "no file " + def.runbook() + " in " + runbooks));
            }
        }
        found.sort(Comparator.comparingInt(DefinitionError::line)
                .thenComparing(e -> e.field() == null ? "" : e.field()));
        errors.addAll(found);
        return found.isEmpty() ? Optional.ofNullable(def) : Optional.empty();
    }

    /** A field that is not in the file at all says so, rather than "must not be null" or "must be greater than 0". */
    private static String violationMessage(ConstraintViolation<AlarmDefinition> v, String field, YamlLines lines) {
        return lines.has(field) ? v.getMessage() : "is required but missing";
    }

    /** Bean Validation names the synthetic {@code isRaiseAfterPositive()} check after the field it guards. */
    private static String fieldName(String path) {
        return switch (path) {
            case "raiseAfterPositive" -> "raiseAfter";
            case "parameterNamesUnique" -> "parameters";
            case "reportTimesEnough" -> "heartbeats";
            case "serverPortKnown" -> "requiredEventFields";
            default -> path.replace(".windowValid", "").replace(".durationsPositive", "")
                    .replace(".defaultOfItsType", ".default").replace("<list element>", "")
                    .replaceAll("^settings\\[([^\\]]+)\\]", "settings.$1")
                    .replace("<map value>", "");
        };
    }

    /** Collects what Jackson cannot bind, by field and line, and lets binding carry on. */
    private static final class BindingProblems extends DeserializationProblemHandler {

        private final Path file;
        private final YamlLines lines;
        final List<DefinitionError> errors = new ArrayList<>();

        BindingProblems(Path file, YamlLines lines) {
            this.file = file;
            this.lines = lines;
        }

        boolean reported(String field) {
            return errors.stream().anyMatch(e -> e.field() != null
                    && (field.equals(e.field()) || field.startsWith(e.field() + ".") || field.startsWith(e.field() + "[")));
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            // Records bind through their constructor, so an unknown field may be replayed after more
            // of the document was read: look for the field from where the parser is, outwards.
            String path = lines.locate(path(ctxt.getParser().getParsingContext()), propertyName);
            String known = deserializer.getKnownPropertyNames().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            errors.add(new DefinitionError(file, lines.lineOf(path), path, "unknown field (known here: " + known + ")"));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                                             String failureMsg) {
            String rule = targetType == Duration.class
                    ? "'" + value + "' is not an ISO-8601 duration such as PT3M"
                    : "'" + value + "' is not " + kind(targetType);
            add(ctxt.getParser(), rule);
            return noValue(targetType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                                             String failureMsg) {
            add(ctxt.getParser(), value + " is not " + kind(targetType));
            return noValue(targetType);
        }

        @Override
        public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument,
                                                 Throwable t) {
            Throwable root = ClassUtil.getRootCause(t);
            add(ctxt.getParser(), root.getMessage() != null ? root.getMessage()
                    : "'" + argument + "' is not " + kind(instClass));
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                                com.fasterxml.jackson.databind.deser.ValueInstantiator valueInsts,
                                                JsonParser p, String msg) throws IOException {
            if (instClass == Setting.class && p.currentToken().isScalarValue()) {
                add(p, Setting.declareAs(p.getText()));
                return null;
            }
            return super.handleMissingInstantiator(ctxt, instClass, valueInsts, p, msg);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                            String failureMsg) throws IOException {
            add(p, "must be " + kind(targetType.getRawClass()) + ", not " + kind(t));
            p.skipChildren();
            return noValue(targetType.getRawClass());
        }

        private void add(JsonParser p, String rule) {
            JsonStreamContext context = p.getParsingContext();
            if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
                context = context.getParent();
            }
            String path = path(context);
            int line = p.currentTokenLocation().getLineNr();
            errors.add(new DefinitionError(file, line > 0 ? line : lines.lineOf(path), path.isEmpty() ? null : path,
                    rule));
        }

        /** What stands in for a value that could not be read, so binding goes on to the next field. */
        private static Object noValue(Class<?> type) {
            return type.isPrimitive() ? ClassUtil.defaultValue(type) : null;
        }

        /** {@code /logBundle/sources/0/glob} as Bean Validation writes it: {@code logBundle.sources[0].glob}. */
        private static String path(JsonStreamContext context) {
            var parts = new ArrayList<String>();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.add(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.add(0, "." + c.getCurrentName());
                }
            }
            String joined = String.join("", parts);
            return joined.startsWith(".") ? joined.substring(1) : joined;
        }

        private static String kind(Class<?> type) {
            if (type == Duration.class) {
                return "an ISO-8601 duration such as PT3M";
            }
            if (type == String.class) {
                return "text";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type == Integer.class || type == int.class) {
                return "a whole number";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "a list";
            }
            if (Map.class.isAssignableFrom(type) || type.isRecord()) {
                return "a mapping (field: value lines)";
            }
            return "a " + type.getSimpleName();
        }

        private static String kind(JsonToken t) {
            return switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_STRING -> "text";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "true/false";
                default -> String.valueOf(t);
            };
        }
    }

    public Optional<AlarmDefinition> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The alarm types judged per client link of {@code component}. */
    public List<AlarmDefinition> forComponent(String component) {
        return byComponent.getOrDefault(component, List.of());
    }

    /** The alarm types judged per server port of {@code component}, over all of the port's clients. */
    public List<AlarmDefinition> perServerPort(String component) {
        return perServerPort.getOrDefault(component, List.of());
    }

    public boolean covers(String component) {
        return byComponent.containsKey(component) || perServerPort.containsKey(component);
    }

    public Collection<AlarmDefinition> all() {
        return byId.values().stream().sorted(Comparator.comparingInt(AlarmDefinition::id)).toList();
    }

    public java.util.Set<String> components() {
        var all = new java.util.HashSet<>(byComponent.keySet());
        all.addAll(perServerPort.keySet());
        return java.util.Set.copyOf(all);
    }
}
