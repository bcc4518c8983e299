package io.almengine.engine;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.definition.DefinitionError;
import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.detect.InvalidRulesException;
import io.almengine.detect.RuleBook;
import io.almengine.runbook.RunbookCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files an operator edits, loaded as one set: alarm definitions, the runbook each names, and
 * the rules compiled and tried once on sample connections of every definition, exactly as the
 * engine checks them at start. {@link #load} reads everything and reports every problem of every
 * file, so the {@code validate} command and a live reload answer with the whole list at once.
 *
 * <p>{@code hash} identifies the set's content (not its files' dates): two instances that show the
 * same hash run the same definitions, rules and runbooks.
 */
public record OperatorFiles(Folders folders, DefinitionCatalog catalog, RunbookCatalog runbooks, RuleBook rules,
                            String hash) {

    /** Where the files are read from; {@code notifications} is the notifications file, or {@code null}. */
    public record Folders(Path definitions, Path rules, Path runbooks, Path notifications) {

        public Folders(Path definitions, Path rules, Path runbooks) {
            this(definitions, rules, runbooks, null);
        }
    }

    /** What is wrong with a set: one line per problem, {@code file:line: …} wherever the line is known. */
    public static final class InvalidFilesException extends RuntimeException {

        private final List<String> problems;

        InvalidFilesException(List<String> problems) {
            super("the operator's files are invalid:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** A rule error that starts with its file name, relative to the rules folder ({@code ALM-1.drl:3:5: …}). */
    private static final Pattern RULE_FILE_FIRST = Pattern.compile("^[^\\s:]+\\.drl:.*", Pattern.DOTALL);

    /** Reads, validates and compiles the whole set; throws {@link InvalidFilesException} naming every problem. */
    public static OperatorFiles load(Folders folders) {
        var problems = new ArrayList<String>();
        RuleBook rules = null;
        try {
            rules = RuleBook.load(folders.rules());
        } catch (InvalidRulesException e) {
            problems.addAll(ruleProblems(folders.rules(), e));
        }
        DefinitionCatalog catalog = null;
        try {
            catalog = DefinitionCatalog.load(folders.definitions(), folders.runbooks());
        } catch (InvalidDefinitionsException e) {
            e.errors().forEach(error -> problems.add(line(error)));
        }
        RunbookCatalog runbooks = null;
        if (catalog != null) {
            try {
                runbooks = RunbookCatalog.load(folders.runbooks(), catalog);
            } catch (InvalidDefinitionsException e) {
                e.errors().forEach(error -> problems.add(line(error)));
            }
        }
        // The trial needs definitions that load: with broken ones it would only repeat their problems.
        if (rules != null && catalog != null) {
            try {
                rules.tryOnSamples(catalog.all());
            } catch (InvalidRulesException e) {
                problems.addAll(ruleProblems(folders.rules(), e));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFilesException(problems);
        }
        return new OperatorFiles(folders, catalog, runbooks, rules, hash(folders));
    }

    /** {@code path:line: field: message}, the path as the operator gave the folder. */
    static String line(DefinitionError error) {
        String where = error.file() + (error.line() > 0 ? ":" + error.line() : "");
        return error.field() == null || error.field().isEmpty() ? where + ": " + error.message()
                : where + ": " + error.field() + ": " + error.message();
    }

    private static List<String> ruleProblems(Path folder, InvalidRulesException e) {
        return e.errors().stream()
                .map(error -> RULE_FILE_FIRST.matcher(error).matches() ? folder.resolve("") + "/" + error
                        : folder + ": " + error)
                .toList();
    }

    /**
     * SHA-256 over every file of the three folders, by relative path and content, in path order, and
     * the notifications file's content: the same files give the same hash on every instance,
     * whatever their dates.
     */
    static String hash(Folders folders) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path folder : List.of(folders.definitions(), folders.rules(), folders.runbooks())) {
                digest.update((byte) 0);
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                List<Path> files;
                try (Stream<Path> walk = Files.walk(folder)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path file : files) {
                    digest.update(folder.relativize(file).toString().replace('\\', '/')
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(Files.readAllBytes(file));
                    digest.update((byte) 0);
                }
            }
            if (folders.notifications() != null && Files.isRegularFile(folders.notifications())) {
                digest.update((byte) 1);
                digest.update(Files.readAllBytes(folders.notifications()));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
