package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.notify.receivers.StandardReceivers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** notifications.yaml is read and validated as the definitions are: every problem with its file and line. */
class NotificationsFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("notifications.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String CONTRACT_EXAMPLE = """
            receivers:
              - name: ops-hook
                webhook: {url: "http://127.0.0.1:9000/alerts"}
              - name: ops-critical
                webhook: {url: "http://127.0.0.1:9001/alerts?token=${HOOK_TOKEN}"}
            route:
              receiver: ops-hook
              groupBy: [alarmId, source]
              groupWait: PT30S
              groupInterval: PT5M
              repeatInterval: PT4H
              sendResolved: true
              routes:
                - matchers: ['severity=~"critical|major"']
                  receiver: ops-critical
                  continue: true
                - matchers: ['source="cluster-b"', 'clientIp!~"10\\\\..*"']
                  groupWait: PT1M
            """;

    @Test
    void readsTheContractsShapeWithAlertmanagersDefaultsAndInheritance() throws IOException {
        Notifications n = NotificationsFile.load(write(CONTRACT_EXAMPLE), true, Map.of("HOOK_TOKEN", "s3cret"),
                StandardReceivers.all(java.time.Clock.systemUTC()));
        assertEquals(Map.of("url", "http://127.0.0.1:9001/alerts?token=s3cret"), n.specs().get(1).fields());
        Route root = n.route();
        Route second = root.routes().get(1);
        assertEquals("ops-hook", second.receiver());
        assertEquals(List.of("alarmId", "source"), second.groupBy());
        assertEquals(Duration.ofMinutes(1), second.groupWait());
        assertEquals(Duration.ofMinutes(5), second.groupInterval());
        assertTrue(second.sendResolved());
    }

    @Test
    void routesAsAlertmanagerDoesFirstMatchContinueAndFallBackToTheParent() throws IOException {
        Route root = NotificationsFile.load(write(CONTRACT_EXAMPLE), true, Map.of("HOOK_TOKEN", "x"),
                StandardReceivers.all(java.time.Clock.systemUTC())).route();
        // critical: the first child takes it and continues; the second does not match → only ops-critical.
        assertEquals(List.of("ops-critical"), receivers(root, Map.of("severity", "critical", "source", "cluster-a")));
        // critical in cluster-b, client outside 10.*: both children.
        assertEquals(List.of("ops-critical", "ops-hook"), receivers(root, Map.of("severity", "critical",
                "source", "cluster-b", "clientIp", "192.168.1.1")));
        // minor in cluster-b, client in 10.*: no child → the root itself.
        assertEquals(List.of("ops-hook"), receivers(root, Map.of("severity", "minor", "source", "cluster-b",
                "clientIp", "10.0.0.1")));
        assertEquals("{}", root.match(Map.of("severity", "minor")).get(0).key());
    }

    private static List<String> receivers(Route root, Map<String, String> labels) {
        return root.match(labels).stream().map(Route::receiver).toList();
    }

    @Test
    void aBadFileIsRefusedWithEveryProblemNamingFileLineAndField() throws IOException {
        Path file = write("""
                receivers:
                  - name: ops-hook
                    webhook: {url: "ftp://example/alerts"}
                  - name: pager
                    pagerduty: {key: "x"}
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:9/x"}
                route:
                  receiver: nobody
                  groupWait: 30s
                  routes:
                    - matchers: ['severity=critical"']
                      sendResolved: maybe
                """);
        var e = assertThrows(InvalidDefinitionsException.class, () -> NotificationsFile.load(file, true, Map.of(),
                StandardReceivers.all(java.time.Clock.systemUTC())));
        List<String> lines = e.errors().stream().map(Object::toString).toList();
        assertEquals(List.of(
                "notifications.yaml:3: receivers[0].webhook.url: must be an http:// or https:// URL with a host",
                "notifications.yaml:5: receivers[1].pagerduty: unknown receiver type (known: dingtalk, email, feishu, snmp, syslog, webhook, wecom)",
                "notifications.yaml:6: receivers[2].name: receiver 'ops-hook' is declared twice",
                "notifications.yaml:9: route.receiver: no receiver is named 'nobody'",
                "notifications.yaml:10: route.groupWait: '30s' is not an ISO-8601 duration such as PT30S or PT5M",
                "notifications.yaml:12: route.routes[0].matchers[0]: 'severity=critical\"' is not a matcher: write"
                        + " name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"",
                "notifications.yaml:13: route.routes[0].sendResolved: must be true or false, not maybe"), lines);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void aMissingVariableIsNamedAndTheSecretAroundItNeverShown() throws IOException {
        Path file = write("""
                receivers:
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:9/alerts?token=${HOOK_TOKEN}&key=${HOOK_KEY}"}
                route:
                  receiver: ops-hook
                """);
        var e = assertThrows(InvalidDefinitionsException.class, () -> NotificationsFile.load(file, true,
                Map.of("HOOK_KEY", "very-secret-value"), StandardReceivers.all(java.time.Clock.systemUTC())));
        assertEquals(List.of("notifications.yaml:3: receivers[0].webhook.url: environment variable HOOK_TOKEN is not set"),
                e.errors().stream().map(Object::toString).toList());
        assertFalse(e.getMessage().contains("very-secret-value"));
    }

    @Test
    void noFileAtTheDefaultPlaceMeansNoNotificationsButANamedFileMustExist() {
        Path absent = dir.resolve("absent.yaml");
        assertFalse(NotificationsFile.load(absent, false, Map.of(), StandardReceivers.all(java.time.Clock.systemUTC())).enabled());
        var e = assertThrows(InvalidDefinitionsException.class, () -> NotificationsFile.load(absent, true, Map.of(),
                StandardReceivers.all(java.time.Clock.systemUTC())));
        assertTrue(e.getMessage().contains("file not found"), e.getMessage());
    }

    @Test
    void aYamlSyntaxErrorIsReportedAtItsLine() throws IOException {
        Path file = write("""
                receivers:
                  - name: ops-hook
                    webhook: {url: "http://127.0.0.1:9/alerts"
                route:
                  receiver: ops-hook
                """);
        var e = assertThrows(InvalidDefinitionsException.class, () -> NotificationsFile.load(file, true, Map.of(),
                StandardReceivers.all(java.time.Clock.systemUTC())));
        assertTrue(e.errors().get(0).toString().startsWith("notifications.yaml:4: YAML syntax error"),
                e.errors().toString());
    }

    @Test
    void aRegisteredTypesOwnRefusalIsReportedAtItsField() throws IOException {
        Path file = write("""
                receivers:
                  - name: robot
                    dingtalk:
                      url: "https://oapi.dingtalk.com/robot/send?access_token=x"
                      language: fr
                route:
                  receiver: robot
                """);
        ReceiverTypes types = StandardReceivers.all(java.time.Clock.systemUTC()).with("dingtalk", spec -> {
            if (!spec.optional("language", "en").matches("en|zh")) {
                throw new InvalidReceiverException("language", "must be en or zh");
            }
            throw new AssertionError("not reached");
        });
        var e = assertThrows(InvalidDefinitionsException.class, () -> NotificationsFile.load(file, true, Map.of(), types));
        assertEquals(List.of("notifications.yaml:5: receivers[0].dingtalk.language: must be en or zh"),
                e.errors().stream().map(Object::toString).toList());
    }
}
