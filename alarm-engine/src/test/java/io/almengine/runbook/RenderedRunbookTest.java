package io.almengine.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.runbook.RenderedRunbook.RenderedStep;
import io.almengine.testing.EngineHarness;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A runbook rendered for one alarm: its parameters filled in everywhere, gaps marked, and the path
 * its answers take (current step, outcome), including re-answering an earlier question.
 */
class RenderedRunbookTest {

    private static final DefinitionCatalog DEFINITIONS = DefinitionCatalog.load(
            EngineHarness.repoFolder("alarm-definitions"), EngineHarness.repoFolder("runbooks"));
    private static final RunbookCatalog RUNBOOKS = RunbookCatalog.load(EngineHarness.repoFolder("runbooks"),
            DEFINITIONS);
    private static final Runbook FLUME = RUNBOOKS.forAlarm(24003).orElseThrow();
    private static final Instant T = Instant.parse("2026-11-20T08:03:00Z");

    @Test
    void parametersAreFilledIntoInstructionsCommandsQuestionsAndCheckInBothLanguages() {
        RenderedRunbook rendered = RenderedRunbook.render(FLUME, flumeAlarm(Map.of()));

        RenderedStep ping = step(rendered, "network-ping");
        assertTrue(ping.instructions().en().contains("Flume client host 192.168.10.21"), ping.instructions().en());
        assertTrue(ping.instructions().zh().contains("Flume ClientIP（192.168.10.21）"), ping.instructions().zh());
        assertTrue(ping.instructions().zh().contains("ping Flume Server IP地址（192.168.10.5）"));
        assertEquals(List.of("ping 192.168.10.5"), ping.commands());
        assertEquals("192.168.10.5:21154", ping.check().target());
        assertEquals("engine", ping.check().runsOn());
        assertEquals("/api/alarms/7001/runbook/checks/network-ping", ping.check().path());
        RenderedStep config = step(rendered, "client-config");
        assertTrue(config.instructions().en().contains("the sink avro_sink of agent client1 must send to 192.168.10.5:21154"),
                config.instructions().en());
        assertEquals("Flume Client connection interrupted", rendered.title().en());
        assertEquals("/api/alarms/7001/log-bundles", rendered.logBundle());
    }

    @Test
    void aParameterTheAlarmLacksIsMarkedNotLeftAsABrace() {
        var params = new LinkedHashMap<>(flumeParams());
        params.put("clientName", "");
        RenderedRunbook rendered = RenderedRunbook.render(FLUME, alarm(24003, params, List.of()));

        String text = step(rendered, "client-config").instructions().en();
        assertTrue(text.contains("of agent <clientName: unknown> must"), text);
        assertFalse(text.contains("{clientName}"), text);
    }

    @Test
    void withoutAnswersThePathIsTheStartAndItIsTheCurrentStep() {
        RenderedRunbook rendered = RenderedRunbook.render(FLUME, flumeAlarm(Map.of()));

        assertEquals(List.of("network-ping"), rendered.path());
        assertEquals("network-ping", rendered.current());
        assertNull(rendered.outcome());
        assertTrue(step(rendered, "network-ping").onPath());
        assertFalse(step(rendered, "client-process").onPath());
        assertEquals("question", step(rendered, "network-ping").kind());
        assertEquals("next", step(rendered, "fix-config").kind());
        assertEquals("end", step(rendered, "collect-logs").kind());
    }

    @Test
    void answersLeadAlongTheirBranchesAndNextStepsToTheEnd() {
        Alarm alarm = flumeAlarm(Map.of())
                .runbookAnswered(T, "ops-1", "network-ping", "yes", "ping ok")
                .runbookAnswered(T.plusSeconds(60), "ops-1", "client-process", "yes", "")
                .runbookAnswered(T.plusSeconds(120), "ops-2", "client-config", "yes", "sink pointed at the old server")
                .runbookAnswered(T.plusSeconds(180), "ops-2", "alarm-cleared", "yes", "");

        RenderedRunbook rendered = RenderedRunbook.render(FLUME, alarm);

        assertEquals(List.of("network-ping", "client-process", "client-config", "fix-config", "alarm-cleared", "resolved"),
                rendered.path());
        assertEquals("resolved", rendered.current());
        assertEquals(End.RESOLVED, rendered.outcome());
        assertEquals("sink pointed at the old server", step(rendered, "client-config").answer().note());
        assertEquals("ops-2", step(rendered, "client-config").answer().by());
        assertEquals(4, rendered.answers().size());
    }

    @Test
    void aNoLeadsToCollectingLogsAndEscalation() {
        Alarm alarm = flumeAlarm(Map.of()).runbookAnswered(T, "ops-1", "network-ping", "no", "100% packet loss");

        RenderedRunbook rendered = RenderedRunbook.render(FLUME, alarm);

        assertEquals(List.of("network-ping", "collect-logs"), rendered.path());
        assertEquals(End.ESCALATE, rendered.outcome());
    }

    @Test
    void reAnsweringAnEarlierQuestionReroutesAndTheLaterAnswerStaysOnRecord() {
        Alarm alarm = flumeAlarm(Map.of())
                .runbookAnswered(T, "ops-1", "network-ping", "yes", "")
                .runbookAnswered(T.plusSeconds(60), "ops-1", "client-process", "yes", "")
                .runbookAnswered(T.plusSeconds(120), "ops-1", "network-ping", "no", "it was the wrong server");

        RunbookWalk walk = RunbookWalk.of(FLUME, alarm.runbookAnswers());

        assertEquals(List.of("network-ping", "collect-logs"), walk.path());
        assertEquals(3, alarm.runbookAnswers().size());
        assertTrue(walk.refusal(FLUME, "client-process").orElseThrow().contains("not on the path taken so far"));
    }

    @Test
    void onlyAQuestionOnThePathMayBeAnswered() {
        Alarm alarm = flumeAlarm(Map.of()).runbookAnswered(T, "ops-1", "network-ping", "yes", "");
        RunbookWalk walk = RunbookWalk.of(FLUME, alarm.runbookAnswers());

        assertTrue(walk.refusal(FLUME, "client-process").isEmpty(), "the current step");
        assertTrue(walk.refusal(FLUME, "network-ping").isEmpty(), "an earlier step, to change its answer");
        assertEquals("step 'client-config' is not on the path taken so far (network-ping → client-process); "
                + "answer 'client-process' first", walk.refusal(FLUME, "client-config").orElseThrow());
        assertEquals("step 'fix-config' asks no question", walk.refusal(FLUME, "fix-config").orElseThrow());
        assertEquals("no step 'reboot' in the runbook of ALM-24003", walk.refusal(FLUME, "reboot").orElseThrow());
    }

    @Test
    void logtailAndFluentdRunbooksRenderWithTheirOwnParameters() {
        Alarm logtail = alarm(24101, Map.of("source", "proj-a", "clientIp", "10.0.0.8", "machineGroup", "web-servers",
                "endpoint", "cn-hangzhou-intranet.log.aliyuncs.com"), List.of());
        RenderedRunbook rendered = RenderedRunbook.render(RUNBOOKS.forAlarm(24101).orElseThrow(), logtail);
        RenderedStep parameters = step(rendered, "install-parameters");
        assertTrue(parameters.commands().contains("curl logtail.cn-hangzhou-intranet.log.aliyuncs.com"));
        assertEquals("http://logtail.cn-hangzhou-intranet.log.aliyuncs.com/", parameters.check().target());
        assertTrue(parameters.instructions().en().contains("{\"Error\":{\"Code\":\"OLSInvalidMethod\""),
                "literal braces survive: " + parameters.instructions().en());

        Alarm fluentd = alarm(24102, Map.of("source", "logs", "clientIp", "192.168.1.5", "clientName", "fwd-1",
                "serverHost", "192.168.1.6", "serverPort", "24224", "phi", "16.07"), List.of());
        RenderedRunbook fluent = RenderedRunbook.render(RUNBOOKS.forAlarm(24102).orElseThrow(), fluentd);
        assertTrue(step(fluent, "aggregator-reachable").commands().contains("nc -vz 192.168.1.6 24224"));
        assertEquals("192.168.1.6:24224", step(fluent, "aggregator-ports").check().target());
    }

    @Test
    void theRenderedRunbookIsPlainJsonForTheApi() throws Exception {
        Alarm alarm = flumeAlarm(Map.of()).runbookAnswered(T, "ops-1", "network-ping", "yes", "");
        var json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(RenderedRunbook.render(FLUME, alarm)));

        assertEquals("client-process", json.get("current").asText());
        assertEquals("tcp-connect", json.at("/sections/0/steps/0/check/type").asText());
        assertEquals("yes", json.at("/answers/0/answer").asText());
        assertEquals("2026-11-20T08:03:00Z", json.at("/answers/0/at").asText());
        assertTrue(json.get("outcome").isNull());
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> flumeParams() {
        var params = new LinkedHashMap<String, String>();
        params.put("source", "hacluster");
        params.put("clientIp", "192.168.10.21");
        params.put("clientName", "client1");
        params.put("sinkName", "avro_sink");
        params.put("serverHost", "192.168.10.5");
        params.put("serverPort", "21154");
        return params;
    }

    private static Alarm flumeAlarm(Map<String, String> overrides) {
        var params = new LinkedHashMap<>(flumeParams());
        params.putAll(overrides);
        return alarm(24003, params, List.of());
    }

    private static Alarm alarm(int id, Map<String, String> params, List<Alarm.RunbookAnswer> answers) {
        Alarm raised = Alarm.raise(7001, id, "name", "名称", Severity.MAJOR, T, params, "conn", "raised");
        for (Alarm.RunbookAnswer a : answers) {
            raised = raised.runbookAnswered(a.at(), a.by(), a.step(), a.answer(), a.note());
        }
        return raised;
    }

    private static RenderedStep step(RenderedRunbook rendered, String id) {
        return rendered.sections().stream().flatMap(s -> s.steps().stream()).filter(s -> s.id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("no step " + id));
    }
}
