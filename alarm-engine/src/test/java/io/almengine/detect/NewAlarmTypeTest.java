package io.almengine.detect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.model.Severity;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's promise: a new alarm type is a definition file, a rule file and a runbook file,
 * with no Java change. The shipped folders are copied, ALM-99001 "Test link down" for a made-up
 * component {@code testlink} is added as three plain files, and the engine's pipeline runs on them.
 */
class NewAlarmTypeTest {

    private static final Duration TESTLINK_WINDOW = Duration.ofSeconds(30);
    private static final Duration FLUME_WINDOW = Duration.ofMinutes(3);

    /** What an operator writes: raised after 30 s down, minor, no fields required beyond the always-required ones. */
    private static final String DEFINITION = """
            # ALM-99001 Test link down: a made-up alarm type, to show that adding one needs no Java.
            id: 99001
            name: Test link down
            nameZh: 测试链路中断
            severity: minor
            autoClear: true
            component: testlink
            raiseAfter: PT30S
            parameters:
              - name: source
                label: Source
                labelZh: 来源
              - name: clientIp
                label: Client IP
                labelZh: 客户端IP
              - name: clientName
                label: Client name
                labelZh: 客户端名称
            impact:
              en: The test client cannot reach its peer.
              zh: 测试客户端无法连接对端。
            causes:
              - en: The test link is unplugged.
                zh: 测试链路被拔出。
            runbook: ALM-99001.yaml
            logBundle:
              before: PT10M
              after: PT10M
              sources:
                - host: client
                  glob: /var/log/testlink/**
                  description: Test link client logs.
            """;

    /** Written like rules/ALM-24003.drl: arm when down, raise when the window ran out, disarm or clear when up. */
    private static final String RULES = """
            // ALM-99001 Test link down: raised when a testlink client has been down for raiseAfter.
            package rules.alm99001

            import io.almengine.definition.AlarmDefinition
            import io.almengine.rules.ConnectionState
            import io.almengine.rules.Watch
            import io.almengine.rules.Now

            global io.almengine.rules.Decisions decisions

            rule "ALM-99001: a test link that goes down starts the clock"
            when
                $def   : AlarmDefinition( id == 99001 )
                $conn  : ConnectionState( component == $def.component, up == false )
                Watch( alarmId == 99001, idle )
            then
                decisions.arm($def, $conn.since().plus($def.raiseAfter()));
            end

            rule "ALM-99001: down for the whole window raises"
            when
                $def   : AlarmDefinition( id == 99001 )
                $conn  : ConnectionState( component == $def.component, up == false )
                $now   : Now()
                $watch : Watch( alarmId == 99001, armed, deadline == $conn.since().plus($def.raiseAfter()),
                                deadline <= $now.instant )
            then
                decisions.raise($def, $watch.deadline(), "test link of " + $conn.param("clientIp") + " down since "
                    + $conn.since());
            end

            rule "ALM-99001: up inside the window stops the clock"
            when
                $def  : AlarmDefinition( id == 99001 )
                ConnectionState( component == $def.component, up == true )
                Watch( alarmId == 99001, armed )
            then
                decisions.disarm($def);
            end

            rule "ALM-99001: up again clears"
            when
                $def  : AlarmDefinition( id == 99001 )
                $conn : ConnectionState( component == $def.component, up == true )
                Watch( alarmId == 99001, met )
            then
                decisions.recover($def, $conn.since(), "test link up again at " + $conn.since());
            end
            """;

    private static final String RUNBOOK = """
            # Handling procedure of ALM-99001 Test link down. Placeholders in braces are the alarm's parameters.
            alarmId: 99001
            title:
              en: Test link down
              zh: 测试链路中断
            start: plug-in
            sections:
              - id: link
                title:
                  en: Check the test link
                  zh: 检查测试链路
                steps:
                  - id: plug-in
                    instructions:
                      en: Plug the test link of {clientIp} back in.
                      zh: 重新插好{clientIp}的测试链路。
                    question:
                      en: Is the alarm cleared?
                      zh: 该告警是否已清除？
                    yes: resolved
                    no: escalate
                  - id: resolved
                    end: resolved
                  - id: escalate
                    end: escalate
            """;

    @TempDir
    static Path repo;

    private static PipelineHarness harness;

    @BeforeAll
    static void startEngineOnCopiedFoldersPlusThreeFiles() throws IOException {
        Path definitions = copyOf("alarm-definitions");
        Path rules = copyOf("rules");
        Path runbooks = copyOf("runbooks");
        Files.writeString(definitions.resolve("ALM-99001.yaml"), DEFINITION);
        Files.writeString(rules.resolve("ALM-99001.drl"), RULES);
        Files.writeString(runbooks.resolve("ALM-99001.yaml"), RUNBOOK);
        harness = new PipelineHarness(definitions, rules, runbooks).start();
    }

    @AfterAll
    static void stopEngine() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void newTypeRaisesAtExactlyItsOwnThresholdWithItsOwnSeverityAndClears() {
        Instant t = harness.freshHour();
        TestLink link = TestLink.fresh();
        harness.send(link.connected(t), link.disconnected(t.plusSeconds(5)));
        Instant down = t.plusSeconds(5);

        harness.clockAt(down.plus(TESTLINK_WINDOW).minusSeconds(1));
        assertEquals(List.of(), alarmsOf(link), "no alarm 29 s after the disconnect");

        harness.clockAt(down.plus(TESTLINK_WINDOW));
        Alarm raised = awaitAlarm(link, Alarm::active);
        assertEquals(99001, raised.alarmId());
        assertEquals("Test link down", raised.name());
        assertEquals("测试链路中断", raised.nameZh());
        assertEquals(Severity.MINOR, raised.severity());
        assertEquals(down.plus(TESTLINK_WINDOW), raised.occurredAt(), "raised at exactly 30 s, by event time");
        assertEquals("lab", raised.params().get("source"));
        assertEquals(link.clientIp(), raised.params().get("clientIp"));
        assertEquals(link.clientName(), raised.params().get("clientName"));

        harness.send(link.connected(down.plusSeconds(40)));
        Alarm cleared = awaitAlarm(link, a -> !a.active());
        assertEquals(raised.serialNo(), cleared.serialNo());
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(down.plusSeconds(40), cleared.clearedAt());
        assertEquals(1, alarmsOf(link).size());
    }

    @Test
    void newTypeRestartsItsClockOnAReconnectInsideTheWindow() {
        Instant t = harness.freshHour();
        TestLink link = TestLink.fresh();
        harness.send(link.disconnected(t), link.connected(t.plusSeconds(20)), link.disconnected(t.plusSeconds(25)));

        harness.clockAt(t.plusSeconds(25).plus(TESTLINK_WINDOW).minusSeconds(1));
        assertEquals(List.of(), alarmsOf(link), "neither outage has lasted 30 s yet");

        harness.clockAt(t.plusSeconds(25).plus(TESTLINK_WINDOW));
        assertEquals(t.plusSeconds(25).plus(TESTLINK_WINDOW), awaitAlarm(link, Alarm::active).occurredAt());
    }

    @Test
    void alm24003StillWorksAlongsideAndEachComponentGetsOnlyItsOwnAlarm() {
        Instant t = harness.freshHour();
        FlumeLink flume = FlumeLink.fresh();
        TestLink test = TestLink.fresh();
        harness.send(flume.disconnected(t), test.disconnected(t));

        harness.clockAt(t.plus(TESTLINK_WINDOW));
        assertEquals(99001, awaitAlarm(test, Alarm::active).alarmId());
        assertEquals(List.of(), harness.alarmsOf(flume), "30 s is not the Flume threshold");

        harness.clockAt(t.plus(FLUME_WINDOW).minusSeconds(1));
        assertEquals(List.of(), harness.alarmsOf(flume), "no ALM-24003 at 2:59");

        harness.clockAt(t.plus(FLUME_WINDOW));
        Alarm flumeAlarm = harness.awaitAlarm(flume, Alarm::active);
        assertEquals(24003, flumeAlarm.alarmId());
        assertEquals(Severity.MAJOR, flumeAlarm.severity());
        assertEquals(t.plus(FLUME_WINDOW), flumeAlarm.occurredAt());

        assertEquals(List.of(24003), harness.alarmsOf(flume).stream().map(Alarm::alarmId).toList());
        assertEquals(List.of(99001), alarmsOf(test).stream().map(Alarm::alarmId).toList());

        harness.send(flume.heartbeat(t.plus(FLUME_WINDOW).plusSeconds(1)));
        assertEquals(ClearType.AUTO, harness.awaitAlarm(flume, a -> !a.active()).clearType());
        assertTrue(alarmsOf(test).get(0).active(), "clearing the Flume alarm leaves the test link's alone");
    }

    // ---------------------------------------------------------------- helpers

    private static Path copyOf(String folder) throws IOException {
        Path from = EngineHarness.repoFolder(folder);
        Path to = Files.createDirectories(repo.resolve(folder));
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private static List<Alarm> alarmsOf(TestLink link) {
        return harness.alarms().all().stream().filter(a -> a.connectionId().equals(link.connectionId()))
                .sorted(Comparator.comparingLong(Alarm::serialNo)).toList();
    }

    private static Alarm awaitAlarm(TestLink link, Predicate<Alarm> condition) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> alarmsOf(link).stream().filter(condition).findFirst().orElse(null), a -> a != null);
    }

    /** A client of the made-up {@code testlink} component: no server side, only the always-required fields. */
    private record TestLink(String clientIp, String clientName) {

        private static int next = 1;

        static synchronized TestLink fresh() {
            int n = next++;
            return new TestLink("10.99.0." + n, "test-client-" + n);
        }

        ConnectionEvent connected(Instant at) {
            return event(EventType.CONNECTED, at);
        }

        ConnectionEvent disconnected(Instant at) {
            return event(EventType.DISCONNECTED, at);
        }

        ConnectionEvent event(EventType type, Instant at) {
            return new ConnectionEvent(type, at, "testlink", "lab", clientIp, clientName, null, null, null, Map.of());
        }

        String connectionId() {
            return connected(Instant.EPOCH).connectionId();
        }
    }

}
