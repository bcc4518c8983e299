package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Watch;
import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiling the operator's rule files: the shipped rules compile and decide ALM-24003 as the
 * design says; a broken rule file stops the start with the file and line. Broken files are the
 * shipped ALM-24003.drl renamed into its own package with one line changed.
 */
class RuleBookTest {

    private static final Path SHIPPED_RULES = EngineHarness.repoFolder("rules");
    private static final Path SHIPPED_DEFINITIONS = EngineHarness.repoFolder("alarm-definitions");
    private static final Path SHIPPED_RUNBOOKS = EngineHarness.repoFolder("runbooks");
    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void shippedRulesCompileAndDecideAlm24003() {
        RuleBook rules = RuleBook.load(SHIPPED_RULES);
        DefinitionCatalog catalog = DefinitionCatalog.load(SHIPPED_DEFINITIONS, SHIPPED_RUNBOOKS);
        List<AlarmDefinition> flume = catalog.forComponent("flume");

        try (RuleSession session = rules.newSession(catalog.all())) {
            ConnectionState down = ConnectionState.apply(null, flumeEvent(EventType.DISCONNECTED, T)).state();
            assertEquals(List.of(new Decision.Arm(24003, T.plus(Duration.ofMinutes(3)))),
                    session.evaluate(down, flume, T));

            ConnectionState armed = down.with(new Watch(24003, T.plus(Duration.ofMinutes(3)), false));
            assertEquals(List.of(), session.evaluate(armed, flume, T.plus(Duration.ofSeconds(179))), "not at 2:59");
            List<Decision> atThree = session.evaluate(armed, flume, T.plus(Duration.ofMinutes(3)));
            assertEquals(1, atThree.size(), atThree.toString());
            Decision.Raise raise = (Decision.Raise) atThree.get(0);
            assertEquals(T.plus(Duration.ofMinutes(3)), raise.occurredAt());

            ConnectionState raised = armed.with(new Watch(24003, null, true));
            ConnectionState back = ConnectionState.apply(raised, flumeEvent(EventType.CONNECTED, T.plusSeconds(200)))
                    .state();
            assertEquals(List.of(new Decision.Recover(24003, T.plusSeconds(200), "client connected again at "
                    + T.plusSeconds(200))), session.evaluate(back, flume, T.plusSeconds(200)));
        }
    }

    @Test
    void shippedRulesCompileWithoutAWarning() {
        var warnings = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        var appender = new org.apache.logging.log4j.core.appender.AbstractAppender("rule-warnings", null, null, true,
                org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
            @Override
            public void append(org.apache.logging.log4j.core.LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                    warnings.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
                }
            }
        };
        appender.start();
        context.getRootLogger().addAppender(appender);
        try {
            RuleBook.load(SHIPPED_RULES);
        } finally {
            context.getRootLogger().removeAppender(appender);
            appender.stop();
        }

        assertEquals(List.of(), warnings, "an operator starting the engine reads these as something wrong");
    }

    @Test
    void syntaxErrorNamesTheFileAndLine() {
        String drl = withLine(newRuleFile(), "    $conn  : ConnectionState( component == $def.component, up == false )",
                "    $conn  : ConnectionState( component == $def.component, up === false )");
        Path folder = rulesFolderWith("ALM-99001.drl", drl);

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        int line = lineContaining(drl, "up === false");
        assertEquals(1, e.errors().size(), e.getMessage());
        assertTrue(e.errors().get(0).startsWith("ALM-99001.drl:" + line + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("Rule files in " + folder), e.getMessage());
    }

    @Test
    void fileThatIsNoRuleFileNamesTheFileAndLine() {
        Path folder = rulesFolderWith("ALM-99001.drl", "this is not a rule file\n");

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertTrue(e.errors().get(0).startsWith("ALM-99001.drl:1:"), e.getMessage());
        assertTrue(e.errors().get(0).contains("mismatched input 'this'"), e.getMessage());
    }

    @Test
    void unknownFieldNamesTheFileLineAndField() {
        String drl = withLine(newRuleFile(), "    $conn  : ConnectionState( component == $def.component, up == false )",
                "    $conn  : ConnectionState( component == $def.component, upp == false )");
        Path folder = rulesFolderWith("ALM-99001.drl", drl);

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertEquals(1, e.errors().size(), e.getMessage());
        String error = e.errors().get(0);
        assertTrue(error.startsWith("ALM-99001.drl:" + lineContaining(drl, "upp == false") + ":"), error);
        assertTrue(error.contains("upp"), error);
    }

    @Test
    void unknownFactTypeNamesTheFileAndLine() {
        String drl = withLine(newRuleFile(), "    Watch( alarmId == $def.id, idle )", "    Watcher( alarmId == $def.id, idle )");
        Path folder = rulesFolderWith("ALM-99001.drl", drl);

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertEquals(List.of("ALM-99001.drl:" + lineContaining(drl, "Watcher(") + ":0: Unable to resolve ObjectType 'Watcher'"),
                e.errors());
    }

    @Test
    void ruleFileWrittenForThePreviousVersionSaysWhereTheRuleApiMoved() {
        // Before the rule API had its own package, rule files imported the facts from io.almengine.detect.
        String drl = newRuleFile().replace("io.almengine.rules.", "io.almengine.detect.");
        Path folder = rulesFolderWith("ALM-99001.drl", drl);

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        String moved = "ALM-99001.drl:" + lineContaining(drl, "import io.almengine.detect.ConnectionState")
                + ":0: io.almengine.detect.ConnectionState is now io.almengine.rules.ConnectionState (the rule API"
                + " moved; replace io.almengine.detect. by io.almengine.rules. in the imports and the global)";
        assertTrue(e.errors().contains(moved), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(error -> error.startsWith("ALM-99001.drl:"
                + lineContaining(drl, "global io.almengine.detect.Decisions") + ":0: io.almengine.detect.Decisions is now"
                + " io.almengine.rules.Decisions")), e.getMessage());
    }

    @Test
    void javaErrorInARuleActionNamesTheFileAndTheLineWhereThatRuleStarts() {
        String drl = withLine(newRuleFile(), "    decisions.arm($def, $conn.since().plus($def.raiseAfter()));",
                "    decisions.arm($def, $conn.sincee());");
        Path folder = rulesFolderWith("ALM-99001.drl", drl);

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        // Drools places errors in a rule's Java action at the rule itself, not at the action's line.
        assertEquals(1, e.errors().size(), e.getMessage());
        String error = e.errors().get(0);
        assertTrue(error.startsWith("ALM-99001.drl:" + lineContaining(drl, "a client that goes down starts the clock")
                + ":"), error);
        assertTrue(error.contains("sincee"), error);
    }

    @Test
    void errorsInSeveralFilesAreAllReported() {
        Path folder = rulesFolderWith("ALM-99001.drl",
                withLine(newRuleFile(), "    Watch( alarmId == $def.id, idle )", "    Watcher( alarmId == $def.id, idle )"));
        write(folder.resolve("ALM-99002.drl"), "this is not a rule file\n");

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertTrue(e.errors().stream().anyMatch(m -> m.startsWith("ALM-99001.drl:")), e.getMessage());
        assertTrue(e.errors().stream().anyMatch(m -> m.startsWith("ALM-99002.drl:1:")), e.getMessage());
        assertEquals(e.errors().size() + 1, e.getMessage().lines().count(), "one error per line: " + e.getMessage());
    }

    @Test
    void emptyRulesFolderFailsClearly() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("rules"));

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertEquals(List.of("no *.drl rule file in " + folder), e.errors());
    }

    @Test
    void missingRulesFolderFailsClearly() {
        Path folder = tmp.resolve("no-such-rules");

        InvalidRulesException e = assertThrows(InvalidRulesException.class, () -> RuleBook.load(folder));

        assertEquals(List.of("folder not found: " + folder.toAbsolutePath()), e.errors());
    }

    @Test
    void engineRefusesToStartOnABrokenRuleBeforeTouchingKafka() {
        String drl = withLine(newRuleFile(), "    $conn  : ConnectionState( component == $def.component, up == false )",
                "    $conn  : ConnectionState( component == $def.component, up === false )");
        Path dataDir = tmp.resolve("data");
        EngineConfig config = EngineConfig.defaults().toBuilder()
                .definitionsDir(SHIPPED_DEFINITIONS).rulesDir(rulesFolderWith("ALM-99001.drl", drl))
                .runbooksDir(SHIPPED_RUNBOOKS).dataDir(dataDir).httpPort(0)
                .kafkaBootstrap("127.0.0.1:9") // nothing listens: reaching Kafka would hang, not fail
                .build();

        InvalidRulesException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(InvalidRulesException.class, () -> Engine.start(config)));

        assertTrue(e.getMessage().contains("ALM-99001.drl:" + lineContaining(drl, "up === false") + ":"),
                e.getMessage());
        assertFalse(Files.exists(dataDir), "nothing was started, not even the data directory");
    }

    // ---------------------------------------------------------------- helpers

    private static ConnectionEvent flumeEvent(EventType type, Instant at) {
        return new ConnectionEvent(type, at, "flume", "cluster-a", "10.0.0.1", "client-1", "avro-sink", "192.168.0.10",
                21154, Map.of());
    }

    /** The shipped ALM-24003 rules as an operator would copy them for a new alarm type 99001. */
    private static String newRuleFile() {
        try {
            String shipped = Files.readString(SHIPPED_RULES.resolve("ALM-24003.drl"));
            String copy = shipped.replace("package rules.alm24003", "package rules.alm99001").replace("24003", "99001");
            assertTrue(copy.contains("package rules.alm99001"), "the shipped rule file changed its package");
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rules folder with the shipped rules and one more file. */
    private Path rulesFolderWith(String fileName, String text) {
        try {
            Path folder = Files.createTempDirectory(tmp, "rules");
            Files.copy(SHIPPED_RULES.resolve("ALM-24003.drl"), folder.resolve("ALM-24003.drl"));
            write(folder.resolve(fileName), text);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line equal to {@code line} replaced by {@code replacement}. */
    private static String withLine(String text, String line, String replacement) {
        List<String> lines = text.lines().collect(Collectors.toList());
        int index = lines.indexOf(line);
        assertTrue(index >= 0, "no line '" + line + "' in the shipped rule file");
        lines.set(index, replacement);
        return String.join("\n", lines) + "\n";
    }

    /** 1-based number of the only line containing {@code part}. */
    private static int lineContaining(String text, String part) {
        List<String> lines = text.lines().toList();
        List<Integer> hits = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(part)).boxed().toList();
        assertEquals(1, hits.size(), "lines containing '" + part + "'");
        return hits.get(0) + 1;
    }
}
