package io.almengine.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.Parameter;
import io.almengine.definition.AlarmDefinition.Text;
import io.almengine.definition.DefinitionError;
import io.almengine.definition.YamlLines;
import io.almengine.runbook.RunbookFile.CheckFile;
import io.almengine.runbook.RunbookFile.SectionFile;
import io.almengine.runbook.RunbookFile.StepFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one runbook file and checks it against its alarm definition: every problem is reported
 * as {@code file:line: field: step 'id': what is wrong}, all of them in one go, like definitions.
 * What it guarantees of a runbook it returns: step ids are unique; every step asks a question with
 * both answers, goes on to a next step, or ends; every reference names a step; every step is
 * reachable from the start; no path loops, so every path ends; every placeholder names a parameter
 * of the definition; checks are well-formed.
 */
final class RunbookReader {

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PORT = Pattern.compile("\\{[A-Za-z][A-Za-z0-9_]*}|[0-9]{1,5}");

    private final Path file;
    private final AlarmDefinition definition;
    private final YamlLines lines;
    private final Set<String> parameters;
    private final List<DefinitionError> errors = new ArrayList<>();
    /** Step id → the path of the step in the file, for line numbers. */
    private final Map<String, String> stepPaths = new LinkedHashMap<>();
    /** Problems that make the step graph meaningless to analyse (bad ids, kinds, references). */
    private boolean structural;

    private RunbookReader(Path file, AlarmDefinition definition, YamlLines lines) {
        this.file = file;
        this.definition = definition;
        this.lines = lines;
        this.parameters = definition.parameters().stream().map(Parameter::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The runbook, or empty with its problems added to {@code errors}. */
    static Optional<Runbook> read(Path file, AlarmDefinition definition, List<DefinitionError> errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(new DefinitionError(file, 0, null, "cannot read: " + e));
            return Optional.empty();
        }
        YamlLines lines = YamlLines.of(text);
        RunbookFile raw;
        try {
            raw = text.isBlank() ? null : YAML.readValue(text, RunbookFile.class);
        } catch (JsonProcessingException e) {
            errors.add(DefinitionError.ofBinding(file, e, lines));
            return Optional.empty();
        }
        if (raw == null) {
            errors.add(new DefinitionError(file, 0, null, "the file is empty: it holds no runbook"));
            return Optional.empty();
        }
        var reader = new RunbookReader(file, definition, lines);
        Runbook runbook = reader.validate(raw);
        reader.errors.sort(Comparator.comparingInt(DefinitionError::line));
        errors.addAll(reader.errors);
        return reader.errors.isEmpty() ? Optional.of(runbook) : Optional.empty();
    }

    private Runbook validate(RunbookFile raw) {
        if (raw.alarmId() == null) {
            error("alarmId", "is required but missing");
        } else if (raw.alarmId() != definition.id()) {
            error("alarmId", "is " + raw.alarmId() + ", but this file is the runbook of " + definition.code()
                    + " (its definition names " + definition.runbook() + ")");
        }
        text("title", raw.title(), "", true);
        var sections = new ArrayList<Section>();
        if (raw.sections() == null || raw.sections().isEmpty()) {
            error("sections", "is required: at least one section with steps");
            structural = true;
        } else {
            Set<String> sectionIds = new java.util.HashSet<>();
            for (int i = 0; i < raw.sections().size(); i++) {
                Section section = section("sections[" + i + "]", raw.sections().get(i), sectionIds);
                if (section != null) {
                    sections.add(section);
                }
            }
        }
        Map<String, Step> steps = new LinkedHashMap<>();
        sections.forEach(s -> s.steps().forEach(st -> steps.putIfAbsent(st.id(), st)));
        if (raw.start() == null || raw.start().isBlank()) {
            error("start", "is required but missing: the id of the first step");
            structural = true;
        } else if (!stepPaths.containsKey(raw.start())) {
            error("start", "no step '" + raw.start() + "' in this runbook");
            structural = true;
        }
        references(steps);
        if (!structural) {
            reachable(raw.start(), steps);
            loops(steps);
        }
        return new Runbook(definition.id(), raw.title(), raw.start(), sections, file);
    }

    private Section section(String path, SectionFile raw, Set<String> sectionIds) {
        if (raw == null) {
            error(path, "must be a mapping with id, title and steps");
            structural = true;
            return null;
        }
        if (raw.id() == null || raw.id().isBlank()) {
            error(path + ".id", "is required but missing");
        } else if (!ID.matcher(raw.id()).matches()) {
            error(path + ".id", "'" + raw.id() + "' must be lower-case letters, digits and '-'");
        } else if (!sectionIds.add(raw.id())) {
            error(path + ".id", "section '" + raw.id() + "' is already defined");
        }
        text(path + ".title", raw.title(), "section '" + raw.id() + "': ", true);
        var steps = new ArrayList<Step>();
        if (raw.steps() == null || raw.steps().isEmpty()) {
            error(path + ".steps", "section '" + raw.id() + "': needs at least one step");
            structural = true;
        } else {
            for (int j = 0; j < raw.steps().size(); j++) {
                Step step = step(path + ".steps[" + j + "]", raw.id(), raw.steps().get(j));
                if (step != null) {
                    steps.add(step);
                }
            }
        }
        return new Section(raw.id(), raw.title(), steps);
    }

    private Step step(String path, String sectionId, StepFile raw) {
        if (raw == null) {
            error(path, "must be a mapping with id, instructions and a question, next or end");
            structural = true;
            return null;
        }
        String id = raw.id();
        if (id == null || id.isBlank()) {
            error(path + ".id", "is required: every step needs an id the others can point at");
            structural = true;
            id = null;
        } else if (!ID.matcher(id).matches()) {
            error(path + ".id", "'" + id + "' must be lower-case letters, digits and '-'");
            structural = true;
        } else if (stepPaths.containsKey(id)) {
            error(path + ".id", "step '" + id + "' is already defined at line " + lines.lineOf(stepPaths.get(id)));
            structural = true;
        } else {
            stepPaths.put(id, path);
        }
        String who = id == null ? "" : "step '" + id + "': ";

        boolean asks = raw.question() != null;
        boolean goes = raw.next() != null;
        boolean ends = raw.end() != null;
        End end = null;
        if (ends) {
            end = End.fromWire(raw.end());
            if (end == null) {
                error(path + ".end", who + "must be resolved or escalate, not '" + raw.end() + "'");
            }
        }
        var kinds = new ArrayList<String>();
        if (asks) {
            kinds.add("a question");
        }
        if (goes) {
            kinds.add("next:");
        }
        if (ends) {
            kinds.add("end:");
        }
        if (kinds.isEmpty()) {
            error(path, who + "needs a question (with yes: and no:), a next: step or an end:; "
                    + "without one the path stops here without an end");
            structural = true;
        } else if (kinds.size() > 1) {
            error(path, who + "has " + String.join(" and ", kinds)
                    + "; a step either asks a question, goes on to next:, or ends");
            structural = true;
        }
        if (asks) {
            if (raw.yes() == null) {
                error(path + ".question", who + "a question needs yes: (the step after a yes)");
                structural = true;
            }
            if (raw.no() == null) {
                error(path + ".question", who + "a question needs no: (the step after a no)");
                structural = true;
            }
        } else if (raw.yes() != null || raw.no() != null) {
            error(path + (raw.yes() != null ? ".yes" : ".no"), who + "yes: and no: belong to a question, and this step asks none");
            structural = true;
        }
        text(path + ".title", raw.title(), who, false);
        text(path + ".instructions", raw.instructions(), who, !ends);
        text(path + ".question", raw.question(), who, false);
        List<String> commands = raw.commands() == null ? List.of() : raw.commands();
        for (int k = 0; k < commands.size(); k++) {
            String command = commands.get(k);
            if (command == null || command.isBlank()) {
                error(path + ".commands[" + k + "]", who + "an empty command");
            } else {
                placeholders(path + ".commands[" + k + "]", command, who);
            }
        }
        Check check = raw.check() == null ? null : check(path + ".check", raw.check(), who, asks);
        return id == null ? null : new Step(id, sectionId, raw.title(), raw.instructions(), commands, check,
                raw.question(), raw.yes(), raw.no(), raw.next(), end);
    }

    private Check check(String path, CheckFile raw, String who, boolean asks) {
        if (!asks) {
            error(path, who + "a check pre-answers a question, and this step asks none");
        }
        var given = new LinkedHashMap<Check.Type, String>();
        if (raw.tcpConnect() != null) {
            given.put(Check.Type.TCP_CONNECT, raw.tcpConnect());
        }
        if (raw.httpGet() != null) {
            given.put(Check.Type.HTTP_GET, raw.httpGet());
        }
        if (raw.fileExists() != null) {
            given.put(Check.Type.FILE_EXISTS, raw.fileExists());
        }
        if (raw.processRunning() != null) {
            given.put(Check.Type.PROCESS_RUNNING, raw.processRunning());
        }
        if (given.size() != 1) {
            error(path, who + "a check is exactly one of tcp-connect, http-get, file-exists, process-running"
                    + (given.isEmpty() ? "" : "; this one has " + given.keySet().stream().map(Check.Type::wireName)
                    .collect(Collectors.joining(", "))));
            return null;
        }
        Check.Type type = given.keySet().iterator().next();
        String target = given.get(type);
        String targetPath = path + "." + type.wireName();
        if (target.isBlank()) {
            error(targetPath, who + "needs its argument");
            return null;
        }
        if (!placeholders(targetPath, target, who)) {
            return null;
        }
        switch (type) {
            case TCP_CONNECT -> {
                int colon = target.lastIndexOf(':');
                if (colon <= 0 || !PORT.matcher(target.substring(colon + 1)).matches()
                        || (target.substring(colon + 1).matches("[0-9]+")
                        && !validPort(Integer.parseInt(target.substring(colon + 1))))) {
                    error(targetPath, who + "must be host:port, such as {serverHost}:{serverPort} or 192.168.1.6:24224");
                }
            }
            case HTTP_GET -> {
                if (!target.startsWith("http://") && !target.startsWith("https://")) {
                    error(targetPath, who + "must be an http:// or https:// URL");
                }
            }
            case FILE_EXISTS -> {
                if (!target.startsWith("/")) {
                    error(targetPath, who + "must be an absolute path");
                } else if (target.contains("/../") || target.endsWith("/..")) {
                    error(targetPath, who + "must not climb with '..'");
                }
            }
            case PROCESS_RUNNING -> {
                // Any words: they are matched as text against command lines, never executed.
            }
        }
        List<Integer> status = raw.status() == null ? List.of() : raw.status();
        if (!status.isEmpty() && type != Check.Type.HTTP_GET) {
            error(path + ".status", who + "only http-get checks have an expected status");
        }
        if (status.stream().anyMatch(s -> s == null || s < 100 || s > 599)) {
            error(path + ".status", who + "must list HTTP statuses (100-599)");
            return null;
        }
        if (raw.timeout() != null && (raw.timeout().isNegative() || raw.timeout().isZero()
                || raw.timeout().compareTo(Check.MAX_TIMEOUT) > 0)) {
            error(path + ".timeout", who + "must be more than zero and at most " + Check.MAX_TIMEOUT
                    + ", so a check cannot hold an API request for long");
        }
        if (raw.ifPassed() != null && !raw.ifPassed().equals("yes") && !raw.ifPassed().equals("no")) {
            error(path + ".ifPassed", who + "must be yes or no (quote it: 'yes'), not '" + raw.ifPassed() + "'");
        }
        return new Check(type, target, status, raw.timeout(), raw.ifPassed());
    }

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

    private void references(Map<String, Step> steps) {
        for (Step step : steps.values()) {
            String path = stepPaths.get(step.id());
            reference(path + ".yes", step, step.yes());
            reference(path + ".no", step, step.no());
            reference(path + ".next", step, step.next());
        }
    }

    private void reference(String path, Step from, String to) {
        if (to != null && !stepPaths.containsKey(to)) {
            error(path, "step '" + from.id() + "': no step '" + to + "' in this runbook");
            structural = true;
        }
    }

    private void reachable(String start, Map<String, Step> steps) {
        Set<String> reached = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String id = todo.pop();
            if (reached.add(id)) {
                todo.addAll(steps.get(id).successors());
            }
        }
        steps.keySet().stream().filter(id -> !reached.contains(id)).forEach(id ->
                error(stepPaths.get(id) + ".id", "step '" + id + "': not reachable from the start step '" + start
                        + "'; every step must be on some path"));
    }

    /** Depth-first search for back edges: a path that comes back to a step never ends. */
    private void loops(Map<String, Step> steps) {
        Map<String, Integer> state = new HashMap<>(); // absent: unseen, 1: on the current path, 2: done
        for (String id : steps.keySet()) {
            if (!state.containsKey(id)) {
                visit(id, steps, state, new ArrayList<>());
            }
        }
    }

    private void visit(String id, Map<String, Step> steps, Map<String, Integer> state, List<String> path) {
        state.put(id, 1);
        path.add(id);
        Step step = steps.get(id);
        for (String next : step.successors()) {
            Integer seen = state.get(next);
            if (seen == null) {
                visit(next, steps, state, path);
            } else if (seen == 1) {
                var loop = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                loop.add(next);
                String field = next.equals(step.yes()) ? "yes" : next.equals(step.no()) ? "no" : "next";
                error(stepPaths.get(id) + "." + field, "step '" + id + "': the path " + String.join(" → ", loop)
                        + " loops; every path must end");
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
    }

    private void text(String path, Text text, String who, boolean required) {
        if (text == null) {
            if (required) {
                error(path, who + "is required but missing");
            }
            return;
        }
        if (text.en() == null || text.en().isBlank()) {
            error(path + ".en", who + "is required but missing (English)");
        } else {
            placeholders(path + ".en", text.en(), who);
        }
        if (text.zh() == null || text.zh().isBlank()) {
            error(path + ".zh", who + "is required but missing (Chinese)");
        } else {
            placeholders(path + ".zh", text.zh(), who);
        }
    }

    /** Whether every placeholder of {@code template} is well-formed and names a parameter. */
    private boolean placeholders(String path, String template, String who) {
        List<String> names;
        try {
            names = Placeholders.names(template);
        } catch (IllegalArgumentException e) {
            error(path, who + e.getMessage());
            return false;
        }
        boolean ok = true;
        for (String name : names) {
            if (!parameters.contains(name)) {
                error(path, who + "{" + name + "} is not a parameter of " + definition.code() + " (its parameters: "
                        + String.join(", ", parameters) + ")");
                ok = false;
            }
        }
        return ok;
    }

    private void error(String path, String message) {
        errors.add(new DefinitionError(file, lines.lineOf(path), path, message));
    }
}
