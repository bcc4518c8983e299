package io.almengine.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.definition.DefinitionError;
import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading runbooks: the shipped ones load for every shipped alarm type, and every broken file is
 * refused with file, line, field and step. Broken files are {@link #VALID} with one line changed;
 * expected line numbers are counted in the text the test wrote.
 */
class RunbookCatalogTest {

    private static final DefinitionCatalog SHIPPED = DefinitionCatalog.load(
            EngineHarness.repoFolder("alarm-definitions"), EngineHarness.repoFolder("runbooks"));
    private static final String FILE = "ALM-24003.yaml";

    /** A small runbook of ALM-24003 with each kind of step, a check, a placeholder and a literal brace. */
    static final String VALID = """
            alarmId: 24003
            title:
              en: Flume Client connection interrupted
              zh: Flume Client连接中断
            start: network-ping
            sections:
              - id: network
                title:
                  en: Check the network
                  zh: 检查网络
                steps:
                  - id: network-ping
                    instructions:
                      en: Ping {serverHost} from {clientIp}.
                      zh: 从{clientIp}执行ping {serverHost}。
                    commands:
                      - ping {serverHost}
                      - awk '{{print $1}}' /etc/hosts
                    check:
                      tcp-connect: "{serverHost}:{serverPort}"
                    question:
                      en: Is the network normal?
                      zh: 网络是否正常？
                    yes: client-config
                    no: collect-logs
                  - id: client-config
                    instructions:
                      en: Read properties.properties of {clientName}.
                      zh: 查看{clientName}的properties.properties。
                    question:
                      en: Is it misconfigured?
                      zh: 配置是否有误？
                    yes: fix-config
                    no: collect-logs
                  - id: fix-config
                    instructions:
                      en: Correct it.
                      zh: 修改配置。
                    next: resolved
                  - id: resolved
                    end: resolved
                  - id: collect-logs
                    instructions:
                      en: Collect the logs of {clientIp}.
                      zh: 收集{clientIp}的日志。
                    end: escalate
            """;

    @TempDir
    Path tmp;

    // ---------------------------------------------------------------- what loads

    @Test
    void shippedRunbooksLoadForEveryShippedAlarmType() {
        RunbookCatalog catalog = RunbookCatalog.load(EngineHarness.repoFolder("runbooks"), SHIPPED);
        for (int id : List.of(24003, 24101, 24102, 24900, 24901, 24902, 24903)) {
            Runbook runbook = catalog.forAlarm(id).orElseThrow(() -> new AssertionError("no runbook for " + id));
            assertEquals(id, runbook.alarmId());
            assertTrue(runbook.steps().stream().anyMatch(s -> s.end() == End.ESCALATE), id + " can escalate");
            assertTrue(runbook.steps().stream().anyMatch(s -> s.end() == End.RESOLVED), id + " can be resolved");
        }
    }

    @Test
    void shippedAlm24003FollowsTheReferenceProcedure() {
        Runbook runbook = RunbookCatalog.load(EngineHarness.repoFolder("runbooks"), SHIPPED).forAlarm(24003)
                .orElseThrow();
        assertEquals("network-ping", runbook.start());
        Step ping = runbook.step("network-ping").orElseThrow();
        assertEquals(List.of("ping {serverHost}"), ping.commands());
        assertEquals("client-process", ping.yes(), "是，执行3 (process)");
        assertEquals("collect-logs", ping.no(), "否，执行11 (collect)");
        assertEquals(Check.Type.TCP_CONNECT, ping.check().type());
        Step process = runbook.step("client-process").orElseThrow();
        assertEquals(List.of("ps -ef|grep flume |grep client"), process.commands());
        assertEquals("client-config", process.yes());
        Step config = runbook.step("client-config").orElseThrow();
        assertTrue(config.instructions().zh().contains("properties.properties"));
        assertEquals("fix-config", config.yes());
        assertEquals("alarm-cleared", runbook.step("fix-config").orElseThrow().next());
        Step cleared = runbook.step("alarm-cleared").orElseThrow();
        assertEquals(End.RESOLVED, runbook.step(cleared.yes()).orElseThrow().end());
        Step collect = runbook.step("collect-logs").orElseThrow();
        assertEquals(End.ESCALATE, collect.end());
        assertTrue(collect.instructions().zh().contains("/var/log/Bigdata/flume-client"));
        assertTrue(collect.instructions().zh().contains("前后1小时"));
    }

    @Test
    void validRunbookKeepsItsStepsInFileOrder() {
        Runbook runbook = load(VALID).forAlarm(24003).orElseThrow();
        assertEquals(List.of("network-ping", "client-config", "fix-config", "resolved", "collect-logs"),
                runbook.steps().stream().map(Step::id).toList());
        assertEquals(Step.Kind.QUESTION, runbook.step("network-ping").orElseThrow().kind());
        assertEquals(Step.Kind.NEXT, runbook.step("fix-config").orElseThrow().kind());
        assertEquals(Step.Kind.END, runbook.step("resolved").orElseThrow().kind());
        Check check = runbook.step("network-ping").orElseThrow().check();
        assertEquals("{serverHost}:{serverPort}", check.target());
        assertEquals("yes", check.ifPassed(), "a passing check suggests yes unless the runbook says otherwise");
        assertNull(check.timeout(), "the engine's default timeout applies");
    }

    // ---------------------------------------------------------------- the graph

    @Test
    void referenceToAStepThatDoesNotExistNamesStepAndField() {
        String text = VALID.replace("        no: collect-logs\n      - id: client-config",
                "        no: colect-logs\n      - id: client-config");

        assertOnlyError(text, "        no: colect-logs", "sections[0].steps[0].no",
                "step 'network-ping': no step 'colect-logs' in this runbook");
    }

    @Test
    void stepNoPathReachesIsRejected() {
        String text = VALID.replace("        next: resolved", "        next: collect-logs");

        assertOnlyError(text, "      - id: resolved", "sections[0].steps[3].id",
                "step 'resolved': not reachable from the start step 'network-ping'");
    }

    @Test
    void loopIsRejectedBecauseItsPathNeverEnds() {
        String text = VALID.replace("        next: resolved", "        next: network-ping")
                .replace("      - id: resolved\n        end: resolved\n", "");

        assertOnlyError(text, "        next: network-ping", "sections[0].steps[2].next",
                "step 'fix-config': the path network-ping → client-config → fix-config → network-ping loops; "
                        + "every path must end");
    }

    @Test
    void stepThatNeitherAsksNorGoesOnNorEndsIsRejected() {
        String text = VALID.replace("        next: resolved\n", "");

        List<DefinitionError> errors = errors(text);

        assertError(errorFor(errors, "sections[0].steps[2]"), lineStarting(text, "      - id: fix-config"),
                "sections[0].steps[2]", "step 'fix-config': needs a question (with yes: and no:), a next: step or an end:");
    }

    @Test
    void questionWithoutNoIsRejected() {
        String text = VALID.replace("        yes: fix-config\n        no: collect-logs\n", "        yes: fix-config\n");

        DefinitionError error = onlyError(text);

        assertError(error, lineStarting(text, "          en: Is it misconfigured?") - 1,
                "sections[0].steps[1].question", "step 'client-config': a question needs no:");
    }

    @Test
    void stepWithBothNextAndEndIsRejected() {
        String text = VALID.replace("        end: resolved", "        next: collect-logs\n        end: resolved");

        assertOnlyError(text, "      - id: resolved", "sections[0].steps[3]",
                "step 'resolved': has next: and end:; a step either asks a question, goes on to next:, or ends");
    }

    @Test
    void endOtherThanResolvedOrEscalateIsRejected() {
        String text = VALID.replace("        end: escalate", "        end: give-up");

        assertOnlyError(text, "        end: give-up", "sections[0].steps[4].end",
                "step 'collect-logs': must be resolved or escalate, not 'give-up'");
    }

    @Test
    void duplicateStepIdSaysWhereTheFirstOneIs() {
        String text = VALID.replace("      - id: fix-config", "      - id: client-config");

        List<DefinitionError> errors = errors(text);

        List<Integer> lines = linesStarting(text, "      - id: client-config");
        assertEquals(2, lines.size());
        assertError(errorFor(errors, "sections[0].steps[2].id"), lines.get(1), "sections[0].steps[2].id",
                "step 'client-config' is already defined at line " + lines.get(0));
    }

    @Test
    void startThatNamesNoStepIsRejected() {
        String text = VALID.replace("start: network-ping", "start: ping");

        assertOnlyError(text, "start:", "start", "no step 'ping' in this runbook");
    }

    // ---------------------------------------------------------------- texts and placeholders

    @Test
    void placeholderThatIsNoParameterOfTheDefinitionIsRejectedWithTheParameters() {
        String text = VALID.replace("      en: Ping {serverHost} from {clientIp}.", "      en: Ping {serverHost} from {clientIP}.");

        DefinitionError error = assertOnlyError(text, "          en: Ping {serverHost} from {clientIP}.",
                "sections[0].steps[0].instructions.en", "step 'network-ping': {clientIP} is not a parameter of ALM-24003");
        assertTrue(error.message().contains("source, clientIp, clientName, sinkName, serverHost, serverPort"),
                error.message());
    }

    @Test
    void placeholderInACommandIsCheckedToo() {
        String text = VALID.replace("      - ping {serverHost}", "      - ping {server}");

        assertOnlyError(text, "          - ping {server}",
                "sections[0].steps[0].commands[0]", "step 'network-ping': {server} is not a parameter of ALM-24003");
    }

    @Test
    void unclosedBraceIsRejectedWithHowToWriteALiteralOne() {
        String text = VALID.replace("awk '{{print $1}}' /etc/hosts", "awk '{print $1}' /etc/hosts");

        DefinitionError error = assertOnlyError(text, "          - awk", "sections[0].steps[0].commands[1]",
                "step 'network-ping': '{print $1}' /etc/hosts': a brace must enclose a parameter name");
        assertTrue(error.message().contains("write {{ and }} for literal braces"), error.message());
    }

    @Test
    void missingChineseTextIsRejected() {
        String text = VALID.replace("          zh: 配置是否有误？\n", "");

        assertError(onlyError(text), lineStarting(text, "          en: Is it misconfigured?") - 1,
                "sections[0].steps[1].question.zh", "step 'client-config': is required but missing (Chinese)");
    }

    @Test
    void misspelledFieldIsReportedWhereItIs() {
        String text = VALID.replace("        question:\n          en: Is it misconfigured?",
                "        questoin:\n          en: Is it misconfigured?");

        DefinitionError error = errors(text).get(0);

        assertEquals(FILE, error.file().getFileName().toString());
        assertEquals(lineStarting(text, "        questoin:"), error.line(), error.toString());
        assertEquals("sections[0].steps[1].questoin", error.field());
        assertTrue(error.message().contains("unknown field") && error.message().contains("question"), error.message());
    }

    @Test
    void runbookOfAnotherAlarmIdIsRejected() {
        String text = VALID.replace("alarmId: 24003", "alarmId: 24004");

        assertError(onlyError(text), 1, "alarmId", "is 24004, but this file is the runbook of ALM-24003");
    }

    // ---------------------------------------------------------------- checks

    @Test
    void checkOnAStepWithoutQuestionIsRejected() {
        String text = VALID.replace("        next: resolved", "        next: resolved\n        check:\n          file-exists: /etc/hosts");

        assertOnlyError(text, "        check:\n          file-exists", "sections[0].steps[2].check",
                "step 'fix-config': a check pre-answers a question, and this step asks none");
    }

    @Test
    void checkOfAnUnknownTypeIsRejectedNamingTheFourTypes() {
        String text = VALID.replace("      tcp-connect: \"{serverHost}:{serverPort}\"", "      shell: \"ping -c1 {serverHost}\"");

        DefinitionError error = errors(text).get(0);

        assertEquals(lineStarting(text, "          shell:"), error.line(), error.toString());
        assertTrue(error.message().contains("unknown field"), error.message());
        assertTrue(error.message().contains("tcp-connect") && error.message().contains("process-running"), error.message());
    }

    @Test
    void checkWithTwoTypesIsRejected() {
        String text = VALID.replace("      tcp-connect: \"{serverHost}:{serverPort}\"",
                "      tcp-connect: \"{serverHost}:{serverPort}\"\n          file-exists: /etc/hosts");

        assertOnlyError(text, "        check:", "sections[0].steps[0].check",
                "step 'network-ping': a check is exactly one of tcp-connect, http-get, file-exists, process-running; "
                        + "this one has tcp-connect, file-exists");
    }

    @Test
    void tcpConnectWithoutAPortIsRejected() {
        String text = VALID.replace("\"{serverHost}:{serverPort}\"", "\"{serverHost}\"");

        assertOnlyError(text, "          tcp-connect:", "sections[0].steps[0].check.tcp-connect",
                "step 'network-ping': must be host:port");
    }

    @Test
    void httpGetOfAnotherSchemeAndATimeoutAboveTheLimitAreRejected() {
        String text = VALID.replace("      tcp-connect: \"{serverHost}:{serverPort}\"",
                "      http-get: \"file:///etc/{serverHost}\"\n          timeout: PT5M");

        List<DefinitionError> errors = errors(text);

        assertEquals(2, errors.size(), errors.toString());
        assertError(errors.get(0), lineStarting(text, "          http-get:"), "sections[0].steps[0].check.http-get",
                "must be an http:// or https:// URL");
        assertError(errors.get(1), lineStarting(text, "          timeout:"), "sections[0].steps[0].check.timeout",
                "must be more than zero and at most PT30S");
    }

    @Test
    void fileExistsThatClimbsIsRejected() {
        String text = VALID.replace("      tcp-connect: \"{serverHost}:{serverPort}\"",
                "      file-exists: /var/log/../../etc/shadow");

        assertOnlyError(text, "          file-exists:",
                "sections[0].steps[0].check.file-exists", "must not climb with '..'");
    }

    // ---------------------------------------------------------------- all at once, and at start

    @Test
    void everyProblemOfTheFileIsReportedInOneGoInLineOrder() {
        String text = VALID.replace("      en: Ping {serverHost} from {clientIp}.", "      en: Ping {serverHst}.")
                .replace("        end: escalate", "        end: later");

        List<DefinitionError> errors = errors(text);

        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).line() < errors.get(1).line());
        assertTrue(errors.get(0).message().contains("{serverHst}"));
        assertTrue(errors.get(1).message().contains("'later'"));
    }

    @Test
    void messageOfTheFailedLoadHasOneLinePerProblemAsFileLineFieldMessage() {
        String text = VALID.replace("        no: collect-logs\n      - id: client-config",
                "        no: nowhere\n      - id: client-config");

        InvalidDefinitionsException e = loadFails(text);

        assertTrue(e.getMessage().startsWith("Runbooks in "), e.getMessage());
        assertTrue(e.getMessage().contains("  ALM-24003.yaml:" + lineStarting(text, "        no: nowhere")
                + ": sections[0].steps[0].no: step 'network-ping': no step 'nowhere' in this runbook"), e.getMessage());
    }

    @Test
    void emptyRunbookIsRejected() {
        assertError(onlyError(""), 0, null, "the file is empty");
    }

    // ---------------------------------------------------------------- helpers

    private RunbookCatalog load(String text) {
        Path folder = tmp.resolve("runbooks");
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(FILE), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RunbookCatalog.load(folder, DefinitionCatalog.of(List.of(SHIPPED.byId(24003).orElseThrow())));
    }

    private InvalidDefinitionsException loadFails(String text) {
        return assertThrows(InvalidDefinitionsException.class, () -> load(text));
    }

    private List<DefinitionError> errors(String text) {
        return loadFails(text).errors();
    }

    private DefinitionError onlyError(String text) {
        List<DefinitionError> errors = errors(text);
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    /**
     * The one error loading {@code text} gives, on the line that starts with {@code linePrefix} in
     * it, about {@code field}, saying {@code message}.
     */
    private DefinitionError assertOnlyError(String text, String linePrefix, String field, String message) {
        DefinitionError error = onlyError(text);
        assertError(error, lineStarting(text, linePrefix), field, message);
        return error;
    }

    private static DefinitionError errorFor(List<DefinitionError> errors, String field) {
        return errors.stream().filter(e -> field.equals(e.field())).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + errors));
    }

    private static void assertError(DefinitionError error, int line, String field, String message) {
        assertNotNull(error);
        assertEquals(FILE, error.file().getFileName().toString(), error.toString());
        assertEquals(line, error.line(), "line of " + error);
        assertEquals(field, error.field(), error.toString());
        assertTrue(error.message().contains(message), "expected '" + message + "' in: " + error.message());
    }

    /** 1-based number of the line where {@code prefix} starts (prefix may span lines); exactly one must. */
    static int lineStarting(String text, String prefix) {
        List<Integer> hits = linesStarting(text, prefix);
        assertEquals(1, hits.size(), "lines starting with '" + prefix + "'");
        return hits.get(0);
    }

    static List<Integer> linesStarting(String text, String prefix) {
        return IntStream.range(0, text.length())
                .filter(i -> (i == 0 || text.charAt(i - 1) == '\n') && text.startsWith(prefix, i))
                .mapToObj(i -> (int) text.substring(0, i).chars().filter(c -> c == '\n').count() + 1).toList();
    }
}
