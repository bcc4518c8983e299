package io.almengine.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.definition.AlarmDefinition.Parameter;
import io.almengine.definition.AlarmDefinition.Text;
import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.model.Severity;
import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the operator's alarm definition files: the shipped ALM-24003 says what the FusionInsight
 * reference says, and every broken file is rejected with file, line, field and the rule broken.
 * Broken files are the shipped ALM-24003.yaml with one line changed; expected line numbers are
 * counted in the text the test wrote, not taken from the code under test.
 */
class DefinitionCatalogTest {

    private static final Path SHIPPED_DEFINITIONS = EngineHarness.repoFolder("alarm-definitions");
    private static final Path SHIPPED_RUNBOOKS = EngineHarness.repoFolder("runbooks");
    private static final Path SHIPPED_RULES = EngineHarness.repoFolder("rules");
    private static final String FILE = "ALM-24003.yaml";

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- the shipped definition

    @Test
    void shippedAlm24003IsFaithfulToTheFusionInsightReference() {
        DefinitionCatalog catalog = DefinitionCatalog.load(SHIPPED_DEFINITIONS, SHIPPED_RUNBOOKS);
        AlarmDefinition def = catalog.byId(24003).orElseThrow();

        assertEquals(24003, def.id());
        assertEquals("ALM-24003", def.code());
        assertEquals("Flume Client connection interrupted", def.name());
        assertEquals("Flume Client连接中断", def.nameZh());
        assertEquals(Severity.MAJOR, def.severity(), "告警级别: 重要");
        assertEquals(Boolean.TRUE, def.autoClear(), "是否自动清除: 是");
        assertEquals("flume", def.component());
        assertEquals(Duration.ofMinutes(3), def.raiseAfter(), "连续3分钟未与Server端连接");
        assertTrue(catalog.forComponent("flume").contains(def));

        List<Parameter> shown = def.parameters().subList(0, 4);
        assertEquals(List.of("source", "clientIp", "clientName", "sinkName"),
                shown.stream().map(Parameter::name).toList(), "the reference's 告警参数, in its order");
        assertEquals(List.of("来源", "客户端IP", "客户端名称", "sink名称"),
                shown.stream().map(Parameter::labelZh).toList());
        assertEquals(List.of("产生告警的集群名称。", "Flume客户端IP地址。", "Flume客户端的Agent名称。", "Flume Agent的sink名称。"),
                shown.stream().map(Parameter::descriptionZh).toList());

        assertEquals("产生告警的Flume Client无法与Flume Server端进行通信，Flume Client端的数据无法传输到Flume Server端。",
                def.impact().zh());
        assertFalse(def.impact().en().isBlank());
        assertEquals(List.of("Flume Client端与Flume Server端网络故障。", "Flume Client端进程故障。", "Flume Client端配置错误。"),
                def.causes().stream().map(Text::zh).toList());
        assertTrue(def.causes().stream().noneMatch(c -> c.en().isBlank()));

        assertEquals("ALM-24003.yaml", def.runbook());
        assertEquals(Duration.ofHours(1), def.logBundle().before(), "告警产生时间的前后1小时");
        assertEquals(Duration.ofHours(1), def.logBundle().after());
        assertTrue(def.logBundle().sources().stream().map(LogSource::glob).toList()
                .contains("/var/log/Bigdata/flume-client/**"), "收集Flume Client端/var/log/Bigdata/flume-client下的日志");
    }

    // ---------------------------------------------------------------- one broken line each

    @Test
    void missingSeverityIsReportedAsRequired() {
        String text = withoutLine(shipped(), "severity:");

        DefinitionError error = onlyError(loadFails(folderWith(FILE, text)));

        // A field that is not in the file has no line of its own: none is made up.
        assertError(error, FILE, 0, "severity", "is required but missing");
    }

    @Test
    void unknownSeverityNamesTheAllowedLevels() {
        String text = withLine(shipped(), "severity:", "severity: huge");

        InvalidDefinitionsException e = loadFails(folderWith(FILE, text));

        DefinitionError error = onlyError(e);
        assertError(error, FILE, lineStarting(text, "severity:"), "severity", "unknown severity 'huge'");
        assertTrue(error.message().contains("critical, major, minor, warning"), error.message());
        assertTrue(e.getMessage().contains("ALM-24003.yaml:" + lineStarting(text, "severity:")
                + ": severity: unknown severity 'huge'"), e.getMessage());
    }

    @Test
    void zeroRaiseAfterIsRejectedAsNotPositive() {
        String text = withLine(shipped(), "raiseAfter:", "raiseAfter: PT0S");

        assertError(onlyError(loadFails(folderWith(FILE, text))),
                FILE, lineStarting(text, "raiseAfter:"), "raiseAfter", "must be a positive duration such as PT3M");
    }

    @Test
    void raiseAfterThatIsNoDurationSaysWhatADurationLooksLike() {
        String text = withLine(shipped(), "raiseAfter:", "raiseAfter: soon");

        assertError(onlyError(loadFails(folderWith(FILE, text))),
                FILE, lineStarting(text, "raiseAfter:"), "raiseAfter", "'soon' is not an ISO-8601 duration such as PT3M");
    }

    @Test
    void misspelledFieldIsReportedWhereItIsAndTheRealFieldAsMissing() {
        String text = withLine(shipped(), "severity:", "severty: major");

        List<DefinitionError> errors = loadFails(folderWith(FILE, text)).errors();

        assertEquals(2, errors.size(), errors.toString());
        DefinitionError typo = errorFor(errors, "severty");
        assertError(typo, FILE, lineStarting(text, "severty:"), "severty", "unknown field");
        assertTrue(typo.message().contains("severity"), "lists the known fields: " + typo.message());
        assertError(errorFor(errors, "severity"), FILE, 0, "severity", "is required but missing");
    }

    @Test
    void misspelledNestedFieldIsReportedWithItsPathAndLine() {
        String text = withLineAfter(shipped(), "  - name: clientIp", "    lable: Client IP");

        DefinitionError error = onlyError(loadFails(folderWith(FILE, text)));

        assertError(error, FILE, lineStarting(text, "    lable:"), "parameters[1].lable", "unknown field");
        assertTrue(error.message().contains("labelZh"), error.message());
    }

    @Test
    void fileNamedAfterAnotherIdIsRejected() {
        InvalidDefinitionsException e = loadFails(folderWith("ALM-24004.yaml", shipped()));

        assertError(onlyError(e), "ALM-24004.yaml", lineStarting(shipped(), "id:"), "id",
                "alarm 24003 must be in a file named ALM-24003.yaml");
    }

    @Test
    void sameIdInTwoFilesIsRejectedNamingBothFiles() {
        Path folder = folderWith(FILE, shipped());
        write(folder.resolve("ALM-24003-copy.yaml"), shipped());

        DefinitionError error = onlyError(loadFails(folder));

        assertError(error, "ALM-24003-copy.yaml", lineStarting(shipped(), "id:"), "id",
                "alarm id 24003 is already defined in ALM-24003.yaml");
    }

    @Test
    void runbookThatIsNotInTheRunbooksFolderIsRejected() {
        String text = withLine(shipped(), "runbook:", "runbook: ALM-77777.yaml");

        DefinitionError error = onlyError(loadFails(folderWith(FILE, text)));

        assertError(error, FILE, lineStarting(text, "runbook:"), "runbook", "no file ALM-77777.yaml in");
        assertTrue(error.message().contains(SHIPPED_RUNBOOKS.toString()), error.message());
    }

    @Test
    void yamlSyntaxErrorIsReportedAtItsLine() {
        String text = withLine(shipped(), "name:", "name: Flume: connection interrupted");

        assertError(onlyError(loadFails(folderWith(FILE, text))),
                FILE, lineStarting(text, "name:"), null, "YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void badIndentationDeepInTheFileIsReportedAtTheOffendingLine() {
        String text = withLineAfter(shipped(), "  - name: clientIp", "   label: Client IP");

        DefinitionError error = onlyError(loadFails(folderWith(FILE, text)));

        assertError(error, FILE, lineStarting(text, "   label: Client IP"), null, "YAML syntax error");
        assertTrue(error.message().contains("starts at line " + lineStarting(text, "  - name: source")),
                "says where the enclosing list starts: " + error.message());
    }

    @Test
    void emptyFileIsRejected() {
        assertError(onlyError(loadFails(folderWith(FILE, ""))), FILE, 0, null, "the file is empty");
    }

    @Test
    void fileWithOnlyCommentsCountsAsEmpty() {
        assertError(onlyError(loadFails(folderWith(FILE, "# ALM-24003, to be written\n"))), FILE, 0, null,
                "the file is empty");
    }

    @Test
    void emptyFolderIsRejected() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("definitions"));

        InvalidDefinitionsException e = loadFails(folder);

        assertTrue(onlyError(e).message().contains("no *.yaml alarm definition in " + folder.toAbsolutePath()),
                e.getMessage());
    }

    @Test
    void missingFolderIsRejected() {
        Path folder = tmp.resolve("no-such-folder");

        InvalidDefinitionsException e = loadFails(folder);

        assertTrue(e.getMessage().contains("folder not found: " + folder.toAbsolutePath()), e.getMessage());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceOnePerLineInFileOrder() {
        String text = shipped();
        text = withLine(text, "severity:", "severty: major");
        text = withLine(text, "raiseAfter:", "raiseAfter: soon");
        text = withLineAfter(text, "  - name: clientIp", "    lable: Client IP");
        text = withLine(text, "runbook:", "runbook: ALM-77777.yaml");
        text = withLine(text, "      glob: /var/log/Bigdata/flume-client/", "      glob: var/log/Bigdata/flume-client/**");

        InvalidDefinitionsException e = loadFails(folderWith(FILE, text));

        List<String> expected = List.of(
                "ALM-24003.yaml: severity: is required but missing",
                "ALM-24003.yaml:" + lineStarting(text, "severty:") + ": severty: unknown field",
                "ALM-24003.yaml:" + lineStarting(text, "raiseAfter:") + ": raiseAfter: 'soon' is not an ISO-8601 duration",
                "ALM-24003.yaml:" + lineStarting(text, "    lable:") + ": parameters[1].lable: unknown field",
                "ALM-24003.yaml:" + lineStarting(text, "runbook:") + ": runbook: no file ALM-77777.yaml",
                "ALM-24003.yaml:" + lineStarting(text, "      glob: var/") + ": logBundle.sources[0].glob: must be an absolute glob");
        List<String> reported = e.getMessage().lines().skip(1).map(String::strip).toList();
        assertEquals(expected.size(), reported.size(), e.getMessage());
        IntStream.range(0, expected.size()).forEach(i ->
                assertTrue(reported.get(i).startsWith(expected.get(i)), "line " + i + " of:\n" + e.getMessage()));
    }

    @Test
    void problemsInSeveralFilesAreAllReported() {
        Path folder = folderWith(FILE, withLine(shipped(), "severity:", "severity: huge"));
        write(folder.resolve("ALM-24004.yaml"), withLine(withLine(shipped(), "id:", "id: 24004"),
                "raiseAfter:", "raiseAfter: PT0S"));

        List<DefinitionError> errors = loadFails(folder).errors();

        assertEquals(List.of("ALM-24003.yaml", "ALM-24004.yaml"),
                errors.stream().map(err -> err.file().getFileName().toString()).toList(), errors.toString());
    }

    // ---------------------------------------------------------------- the engine refuses to start

    @Test
    void engineRefusesToStartOnABrokenDefinitionBeforeTouchingKafka() {
        String text = withLine(shipped(), "severity:", "severity: huge");
        Path dataDir = tmp.resolve("data");
        EngineConfig config = EngineConfig.defaults().toBuilder()
                .definitionsDir(folderWith(FILE, text)).rulesDir(SHIPPED_RULES).runbooksDir(SHIPPED_RUNBOOKS)
                .dataDir(dataDir).httpPort(0)
                .kafkaBootstrap("127.0.0.1:9") // nothing listens: reaching Kafka would hang, not fail
                .build();

        InvalidDefinitionsException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(InvalidDefinitionsException.class, () -> Engine.start(config)));

        assertTrue(e.getMessage().contains("ALM-24003.yaml:" + lineStarting(text, "severity:")
                + ": severity: unknown severity 'huge'"), e.getMessage());
        assertFalse(Files.exists(dataDir), "nothing was started, not even the data directory");
    }

    // ---------------------------------------------------------------- helpers

    private static String shipped() {
        try {
            return Files.readString(SHIPPED_DEFINITIONS.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one line that starts with {@code prefix} replaced by {@code replacement}. */
    private static String withLine(String text, String prefix, String replacement) {
        int index = lineStarting(text, prefix) - 1;
        List<String> lines = text.lines().collect(Collectors.toList());
        lines.set(index, replacement);
        return String.join("\n", lines) + "\n";
    }

    private static String withoutLine(String text, String prefix) {
        int index = lineStarting(text, prefix) - 1;
        List<String> lines = text.lines().collect(Collectors.toList());
        lines.remove(index);
        return String.join("\n", lines) + "\n";
    }

    private static String withLineAfter(String text, String prefix, String inserted) {
        int index = lineStarting(text, prefix) - 1;
        List<String> lines = text.lines().collect(Collectors.toList());
        lines.add(index + 1, inserted);
        return String.join("\n", lines) + "\n";
    }

    /** 1-based number of the only line starting with {@code prefix}; fails if there is not exactly one. */
    private static int lineStarting(String text, String prefix) {
        List<String> lines = text.lines().toList();
        List<Integer> hits = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith(prefix)).boxed()
                .toList();
        assertEquals(1, hits.size(), "lines starting with '" + prefix + "'");
        return hits.get(0) + 1;
    }

    private Path folderWith(String fileName, String text) {
        try {
            Path folder = Files.createTempDirectory(tmp, "definitions");
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

    private static InvalidDefinitionsException loadFails(Path folder) {
        return assertThrows(InvalidDefinitionsException.class, () -> DefinitionCatalog.load(folder, SHIPPED_RUNBOOKS));
    }

    private static DefinitionError onlyError(InvalidDefinitionsException e) {
        assertEquals(1, e.errors().size(), e.getMessage());
        DefinitionError error = e.errors().get(0);
        assertTrue(e.getMessage().contains(error.toString()), "the message carries the error: " + e.getMessage());
        return error;
    }

    private static DefinitionError errorFor(List<DefinitionError> errors, String field) {
        return errors.stream().filter(e -> field.equals(e.field())).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + errors));
    }

    private static void assertError(DefinitionError error, String file, int line, String field, String messagePart) {
        assertEquals(file, error.file().getFileName().toString(), error.toString());
        assertEquals(line, error.line(), "line of " + error);
        assertEquals(field, error.field(), error.toString());
        assertTrue(error.message().contains(messagePart), "'" + messagePart + "' in " + error);
        String where = line > 0 ? file + ":" + line + ": " : file + ": ";
        assertTrue(error.toString().startsWith(where), error + " starts with " + where);
    }
}
