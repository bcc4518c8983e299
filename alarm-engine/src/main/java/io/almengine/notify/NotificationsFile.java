package io.almengine.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.almengine.definition.DefinitionError;
import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.definition.YamlLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code notifications.yaml}, as the alarm definitions are: every problem of the
 * file at once, each as {@code file:line: field: message}, thrown as {@link InvalidDefinitionsException}
 * so that a bad file stops the start. Needs no Kafka, so {@code validate} can call it too.
 *
 * <p>{@code ${NAME}} in a receiver's fields is replaced by the environment variable NAME; a variable
 * that is not set is an error naming the variable, never the value around it (secrets live there).
 */
public final class NotificationsFile {

    /** Alertmanager's defaults. */
    public static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> TOP = Set.of("receivers", "route");
    private static final Set<String> ROUTE = Set.of("receiver", "matchers", "groupBy", "groupWait", "groupInterval",
            "repeatInterval", "sendResolved", "continue", "routes");

    private final Path file;
    private final YamlLines lines;
    private final Map<String, String> env;
    private final ReceiverTypes types;
    private final List<DefinitionError> errors = new ArrayList<>();

    private NotificationsFile(Path file, YamlLines lines, Map<String, String> env, ReceiverTypes types) {
        this.file = file;
        this.lines = lines;
        this.env = env;
        this.types = types;
    }

    /**
     * The file's notifications; {@link Notifications#NONE} when {@code required} is false and there is
     * no such file (the default location, unused).
     */
    public static Notifications load(Path file, boolean required, Map<String, String> env, ReceiverTypes types) {
        if (!Files.exists(file)) {
            if (!required) {
                return Notifications.NONE;
            }
            throw invalid(file, List.of(new DefinitionError(file, 0, null, "file not found: " + file.toAbsolutePath())));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid(file, List.of(new DefinitionError(file, 0, null, "cannot read: " + e.getMessage())));
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(file, List.of(DefinitionError.ofBinding(file, e, null)));
        }
        var reader = new NotificationsFile(file, YamlLines.of(text), env, types);
        Notifications read = reader.read(tree);
        if (!reader.errors.isEmpty()) {
            throw invalid(file, reader.errors);
        }
        return read;
    }

    private static InvalidDefinitionsException invalid(Path file, List<DefinitionError> errors) {
        return new InvalidDefinitionsException("Notifications in " + file, errors);
    }

    private Notifications read(JsonNode tree) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            error("", "the file is empty: write receivers and a route, or remove the file");
            return Notifications.NONE;
        }
        if (!tree.isObject()) {
            error("", "must be a mapping with receivers and route");
            return Notifications.NONE;
        }
        unknownFields(tree, "", TOP);
        var receivers = new LinkedHashMap<String, Receiver>();
        var specs = new ArrayList<ReceiverSpec>();
        JsonNode list = tree.get("receivers");
        if (list == null || !list.isArray() || list.isEmpty()) {
            error("receivers", "a list of at least one receiver is required");
        } else {
            for (int i = 0; i < list.size(); i++) {
                receiver(list.get(i), "receivers[" + i + "]", receivers, specs);
            }
        }
        JsonNode root = tree.get("route");
        Route route = null;
        if (root == null || !root.isObject()) {
            error("route", "a route (a mapping with at least a receiver) is required");
        } else {
            if (root.has("matchers")) {
                error("route.matchers", "the root route takes every alarm: it has no matchers");
            }
            route = route(root, "route", null, "{}", specs);
        }
        return new Notifications(file, receivers, specs, route);
    }

    private void receiver(JsonNode node, String path, Map<String, Receiver> receivers, List<ReceiverSpec> specs) {
        if (!node.isObject()) {
            error(path, "must be a mapping with a name and one receiver type");
            return;
        }
        String name = node.path("name").asText("").strip();
        if (name.isEmpty()) {
            error(path + ".name", "is required");
        } else if (specs.stream().anyMatch(s -> s.name().equals(name))) {
            error(path + ".name", "receiver '" + name + "' is declared twice");
            return;
        }
        var typeKeys = new ArrayList<String>();
        node.fieldNames().forEachRemaining(f -> {
            if (!f.equals("name")) {
                typeKeys.add(f);
            }
        });
        if (typeKeys.size() != 1) {
            error(path, typeKeys.isEmpty() ? "names no receiver type (known: " + String.join(", ", types.names()) + ")"
                    : "names " + typeKeys.size() + " receiver types " + typeKeys + ": one receiver has one type");
            return;
        }
        String type = typeKeys.get(0);
        String typePath = path + "." + type;
        Function<ReceiverSpec, Receiver> factory = types.factory(type).orElse(null);
        if (factory == null) {
            error(typePath, "unknown receiver type (known: " + String.join(", ", types.names()) + ")");
            return;
        }
        JsonNode block = node.get(type);
        if (!block.isObject()) {
            error(typePath, "must be a mapping of the " + type + " receiver's fields");
            return;
        }
        var fields = new LinkedHashMap<String, String>();
        boolean complete = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = block.fields(); it.hasNext(); ) {
            var field = it.next();
            String fieldPath = typePath + "." + field.getKey();
            String value = scalar(field.getValue(), fieldPath);
            if (value == null) {
                complete = false;
                continue;
            }
            String expanded = expand(value, fieldPath);
            if (expanded == null) {
                complete = false;
            } else {
                fields.put(field.getKey(), expanded);
            }
        }
        if (name.isEmpty()) {
            return;
        }
        var spec = new ReceiverSpec(name, type, fields);
        specs.add(spec);
        if (!complete) {
            return;
        }
        try {
            receivers.put(name, factory.apply(spec));
        } catch (InvalidReceiverException e) {
            // The factory's own words, never the field's value: it may be a secret.
            error(typePath + "." + e.field(), e.getMessage().substring(e.field().length() + 2));
        } catch (RuntimeException e) {
            error(typePath, "cannot be used: " + e.getMessage());
        }
    }

    /** A field's text: a scalar as written, a list of scalars joined by commas (e-mail's {@code to}). */
    private String scalar(JsonNode value, String path) {
        if (value.isValueNode()) {
            return value.isNull() ? "" : value.asText();
        }
        if (value.isArray()) {
            var parts = new ArrayList<String>();
            for (JsonNode item : value) {
                if (!item.isValueNode()) {
                    error(path, "must be a value or a list of values");
                    return null;
                }
                parts.add(item.asText());
            }
            return String.join(",", parts);
        }
        error(path, "must be a value or a list of values");
        return null;
    }

    private String expand(String value, String path) {
        var m = VARIABLE.matcher(value);
        var out = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String variable = env.get(m.group(1));
            if (variable == null) {
                error(path, "environment variable " + m.group(1) + " is not set");
                ok = false;
                variable = "";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(variable));
        }
        m.appendTail(out);
        return ok ? out.toString() : null;
    }

    private Route route(JsonNode node, String path, Route parent, String key, List<ReceiverSpec> specs) {
        unknownFields(node, path, ROUTE);
        String receiver = parent == null ? null : parent.receiver();
        if (node.has("receiver")) {
            receiver = node.get("receiver").asText("").strip();
            String named = receiver;
            if (specs.stream().noneMatch(s -> s.name().equals(named))) {
                error(path + ".receiver", "no receiver is named '" + receiver + "'");
            }
        } else if (parent == null) {
            error(path + ".receiver", "the root route needs a receiver");
        }
        var matchers = new ArrayList<Matcher>();
        JsonNode given = node.get("matchers");
        if (given != null) {
            if (!given.isArray()) {
                error(path + ".matchers", "must be a list such as ['severity=~\"critical|major\"']");
            } else {
                for (int i = 0; i < given.size(); i++) {
                    try {
                        matchers.add(Matcher.parse(given.get(i).asText()));
                    } catch (IllegalArgumentException e) {
                        error(path + ".matchers[" + i + "]", e.getMessage());
                    }
                }
            }
        }
        List<String> groupBy = parent == null ? List.of() : parent.groupBy();
        JsonNode by = node.get("groupBy");
        if (by != null) {
            if (!by.isArray()) {
                error(path + ".groupBy", "must be a list of label names such as [alarmId, source]");
            } else {
                var names = new ArrayList<String>();
                by.forEach(n -> names.add(n.asText()));
                groupBy = names;
            }
        }
        Duration wait = duration(node, path, "groupWait", parent == null ? GROUP_WAIT : parent.groupWait(), true);
        Duration interval = duration(node, path, "groupInterval",
                parent == null ? GROUP_INTERVAL : parent.groupInterval(), false);
        Duration repeat = duration(node, path, "repeatInterval",
                parent == null ? REPEAT_INTERVAL : parent.repeatInterval(), false);
        boolean sendResolved = bool(node, path, "sendResolved", parent == null || parent.sendResolved());
        boolean cont = bool(node, path, "continue", false);
        if (parent == null && cont) {
            error(path + ".continue", "the root route has no siblings to continue to");
        }
        var shell = new Route(key, receiver == null ? "" : receiver, matchers, groupBy, wait, interval, repeat,
                sendResolved, cont, List.of());
        var children = new ArrayList<Route>();
        JsonNode routes = node.get("routes");
        if (routes != null) {
            if (!routes.isArray()) {
                error(path + ".routes", "must be a list of routes");
            } else {
                var keys = new HashSet<String>();
                for (int i = 0; i < routes.size(); i++) {
                    String childPath = path + ".routes[" + i + "]";
                    JsonNode child = routes.get(i);
                    if (!child.isObject()) {
                        error(childPath, "must be a mapping");
                        continue;
                    }
                    String childKey = key + "/{" + String.join(",", matchersOf(child)) + "}";
                    // Two siblings with the same matchers are told apart, so each keeps its own groups.
                    if (!keys.add(childKey)) {
                        childKey = childKey + "#" + i;
                    }
                    children.add(route(child, childPath, shell, childKey, specs));
                }
            }
        }
        return new Route(shell.key(), shell.receiver(), matchers, groupBy, wait, interval, repeat, sendResolved, cont,
                children);
    }

    private static List<String> matchersOf(JsonNode route) {
        var out = new ArrayList<String>();
        JsonNode given = route.get("matchers");
        if (given != null && given.isArray()) {
            for (JsonNode m : given) {
                try {
                    out.add(Matcher.parse(m.asText()).toString());
                } catch (IllegalArgumentException e) {
                    out.add(m.asText());
                }
            }
        }
        return out;
    }

    private Duration duration(JsonNode node, String path, String field, Duration inherited, boolean zeroAllowed) {
        JsonNode value = node.get(field);
        if (value == null) {
            return inherited;
        }
        try {
            Duration d = Duration.parse(value.asText());
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                error(path + "." + field, "must be " + (zeroAllowed ? "zero or more" : "more than zero") + ", not "
                        + value.asText());
                return inherited;
            }
            return d;
        } catch (DateTimeParseException e) {
            error(path + "." + field, "'" + value.asText() + "' is not an ISO-8601 duration such as PT30S or PT5M");
            return inherited;
        }
    }

    private boolean bool(JsonNode node, String path, String field, boolean inherited) {
        JsonNode value = node.get(field);
        if (value == null) {
            return inherited;
        }
        if (!value.isBoolean()) {
            error(path + "." + field, "must be true or false, not " + value.asText());
            return inherited;
        }
        return value.asBoolean();
    }

    private void unknownFields(JsonNode node, String path, Set<String> known) {
        node.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                error(path.isEmpty() ? f : path + "." + f, "unknown field (known here: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        });
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(file, lines.lineOf(path), path.isEmpty() ? null : path, message));
    }
}
