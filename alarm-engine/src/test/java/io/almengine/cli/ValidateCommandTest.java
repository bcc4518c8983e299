package io.almengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code validate} as an operator runs it in change review: the shipped folders pass; a broken
 * definition, a rule that does not compile and a runbook that does not hold together each give a
 * {@code file:line: …} line and exit 1, all of them in one run. Through the CLI entry point, in this JVM.
 */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theShippedFoldersAreValidWithTheirCounts() {
        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", repo("rules"),
                "--runbooks", repo("runbooks"));

        assertEquals(0, run.exit(), run.toString());
        assertEquals(1, run.out().size(), run.toString());
        assertTrue(run.out().get(0).matches("OK: 7 definitions, 7 runbooks, 7 rule files \\(\\d+ rules\\); config hash [0-9a-f]{16}"),
                run.toString());
        assertEquals(List.of(), run.err());
    }

    @Test
    void aBrokenDefinitionNamesItsFileLineAndField() throws IOException {
        Path definitions = copy("alarm-definitions", "ALM-24003.yaml",
                text -> text.replaceFirst("(?m)^severity: \\w+", "severity: disastrous"));
        int line = lineOf(definitions.resolve("ALM-24003.yaml"), "severity: disastrous");

        Run run = validate("--definitions", definitions.toString(), "--rules", repo("rules"),
                "--runbooks", repo("runbooks"));

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().stream().anyMatch(l -> l.startsWith(definitions.resolve("ALM-24003.yaml") + ":" + line
                + ": severity: ")), run.toString());
        assertEquals(List.of(), run.out());
    }

    @Test
    void aRuleThatDoesNotCompileNamesItsFileAndLine() throws IOException {
        Path rules = copy("rules", "ALM-24102.drl", text -> text + "\nrule \"broken\"\nwhen\n  this is not drl\nthen\nend\n");
        int line = lineOf(rules.resolve("ALM-24102.drl"), "this is not drl");

        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", rules.toString(),
                "--runbooks", repo("runbooks"));

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().get(0).startsWith(rules.resolve("ALM-24102.drl") + ":" + line + ":"), run.toString());
    }

    @Test
    void aRuleThatFailsItsTrialIsReportedAsAtStart() throws IOException {
        Path rules = copy("rules", "ALM-24101.drl",
                text -> text.replace("def.intSetting(\"minReports\")", "def.intSetting(\"minReprts\")"));

        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", rules.toString(),
                "--runbooks", repo("runbooks"));

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().get(0).startsWith(rules.resolve("ALM-24101.drl") + ": rule \"ALM-24101:"), run.toString());
        assertTrue(run.err().get(0).contains("setting 'minReprts' is not declared"), run.toString());
    }

    @Test
    void aRunbookStepPointingNowhereNamesItsFileAndLine() throws IOException {
        Path runbooks = copy("runbooks", "ALM-24003.yaml",
                text -> text.replaceFirst("yes: client-process", "yes: no-such-step"));
        int line = lineOf(runbooks.resolve("ALM-24003.yaml"), "yes: no-such-step");

        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", repo("rules"),
                "--runbooks", runbooks.toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().get(0).startsWith(runbooks.resolve("ALM-24003.yaml") + ":" + line + ":"), run.toString());
        assertTrue(run.err().get(0).contains("no-such-step"), run.toString());
    }

    @Test
    void everyProblemOfEveryFolderIsReportedInOneRun() throws IOException {
        Path definitions = copy("alarm-definitions", "ALM-24101.yaml",
                text -> text.replaceFirst("(?m)^severity: \\w+", "severity: disastrous"));
        Path rules = copy("rules", "ALM-24102.drl", text -> text + "\nrule \"broken\"\nwhen\n  this is not drl\nthen\nend\n");
        Path runbooks = copy("runbooks", "ALM-24003.yaml",
                text -> text.replaceFirst("yes: client-process", "yes: no-such-step"));

        Run run = validate("--definitions", definitions.toString(), "--rules", rules.toString(),
                "--runbooks", runbooks.toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().stream().anyMatch(l -> l.startsWith(definitions.resolve("ALM-24101.yaml") + ":")), run.toString());
        assertTrue(run.err().stream().anyMatch(l -> l.startsWith(rules.resolve("ALM-24102.drl") + ":")), run.toString());
        assertTrue(run.err().get(run.err().size() - 1).matches("\\d+ problems"), run.toString());
    }

    @Test
    void aNotificationsFileIsReadAsTheEngineReadsIt() throws Exception {
        Path file = tmp.resolve("notifications.yaml");
        java.nio.file.Files.writeString(file, """
                receivers:
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:9000/alerts"}
                route:
                  receiver: ops-hook
                """);
        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", repo("rules"),
                "--runbooks", repo("runbooks"), "--notifications", file.toString());

        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().get(0).contains("1 receivers"), run.toString());
    }

    @Test
    void aBadNotificationsFileIsOneLinePerProblemWithItsLine() throws Exception {
        Path file = tmp.resolve("notifications.yaml");
        java.nio.file.Files.writeString(file, """
                receivers:
                  - name: ops-hook
                    webhook: {url: "not a url"}
                route:
                  receiver: nobody
                """);
        Run run = validate("--definitions", repo("alarm-definitions"), "--rules", repo("rules"),
                "--runbooks", repo("runbooks"), "--notifications", file.toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("notifications.yaml:3: receivers[0].webhook.url: is not a URL"), run.toString());
        assertTrue(run.err().stream().anyMatch(l -> l.startsWith("notifications.yaml:5: route.receiver:")), run.toString());
        assertEquals("2 problems", run.err().get(run.err().size() - 1), run.toString());
    }

    private record Run(int exit, List<String> out, List<String> err) {
    }

    static Run validate(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var all = new ArrayList<String>();
        all.add("validate");
        all.addAll(List.of(args));
        int exit = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(exit, lines(out.toString()), lines(err.toString()));
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static String repo(String folder) {
        return EngineHarness.repoFolder(folder).toString();
    }

    /** A copy of a shipped folder with one file edited (the edit must change it). */
    private Path copy(String folder, String file, UnaryOperator<String> edit) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        try (Stream<Path> files = Files.list(EngineHarness.repoFolder(folder))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        String text = Files.readString(dir.resolve(file));
        String changed = edit.apply(text);
        assertTrue(!changed.equals(text), "the edit no longer changes " + file);
        Files.writeString(dir.resolve(file), changed);
        return dir;
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
