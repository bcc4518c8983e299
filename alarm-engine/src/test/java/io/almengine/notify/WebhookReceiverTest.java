package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Alarm;
import io.almengine.notify.webhook.WebhookReceiver;
import io.almengine.model.Severity;
import io.almengine.testing.NotifyDriver;
import io.almengine.testing.WebhookServer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook receiver: Alertmanager's payload version 4, field by field, and how answers are read. */
class WebhookReceiverTest {

    private static final Instant T0 = NotifyDriver.T0;
    private final WebhookServer hook = new WebhookServer(Clock.systemUTC());

    @AfterEach
    void close() {
        hook.close();
    }

    private WebhookReceiver receiver(String url) {
        return WebhookReceiver.of(new ReceiverSpec("ops-hook", "webhook", Map.of("url", url, "timeout", "PT2S")));
    }

    @Test
    void thePayloadIsAlertmanagersVersion4FieldByField() {
        String yaml = """
                receivers:
                  - name: ops-hook
                    webhook: {url: "%s"}
                route:
                  receiver: ops-hook
                  groupBy: [alarmId, source]
                """.formatted(hook.url());
        try (var stage = new NotifyDriver(yaml, Map.of(), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)))) {
            Alarm a = Alarms.flume(7, "cluster-a", "10.0.0.7", Severity.MAJOR, T0);
            Alarm b = Alarms.flume(8, "cluster-a", "10.0.0.8", Severity.MAJOR, T0.plusSeconds(1));
            stage.raised(a);
            stage.raised(b);
            stage.clockAt(T0.plusSeconds(30));
            Instant clearedAt = T0.plusSeconds(60);
            stage.cleared(Alarms.cleared(b, clearedAt));
            stage.clockAt(T0.plusSeconds(30).plus(Duration.ofMinutes(5)));
        }
        JsonNode m = hook.taken().get(1);
        assertEquals(List.of("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels",
                "commonLabels", "commonAnnotations", "externalURL", "alerts"), names(m));
        assertEquals("4", m.get("version").asText());
        assertEquals("{}:{alarmId=\"24003\", source=\"cluster-a\"}", m.get("groupKey").asText());
        assertEquals(0, m.get("truncatedAlerts").asInt());
        assertEquals("firing", m.get("status").asText());
        assertEquals("ops-hook", m.get("receiver").asText());
        assertEquals("{\"alarmId\":\"24003\",\"source\":\"cluster-a\"}", m.get("groupLabels").toString());
        assertEquals("{\"alarmId\":\"24003\",\"alertname\":\"ALM-24003\",\"component\":\"flume\",\"serverHost\":"
                + "\"127.0.0.1\",\"serverPort\":\"21154\",\"severity\":\"major\",\"sinkName\":\"avro-sink\","
                + "\"source\":\"cluster-a\"}", m.get("commonLabels").toString());
        assertEquals("Flume Client connection interrupted", m.get("commonAnnotations").get("summary").asText());
        assertEquals("http://alm.example:8080", m.get("externalURL").asText());

        JsonNode firing = m.get("alerts").get(0);
        assertEquals(List.of("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"),
                names(firing));
        assertEquals("firing", firing.get("status").asText());
        JsonNode labels = firing.get("labels");
        assertEquals("ALM-24003", labels.get("alertname").asText());
        assertEquals("24003", labels.get("alarmId").asText());
        assertEquals("7", labels.get("serialNo").asText());
        assertEquals("major", labels.get("severity").asText());
        assertEquals("cluster-a", labels.get("source").asText());
        assertEquals("10.0.0.7", labels.get("clientIp").asText());
        assertEquals("client-7", labels.get("clientName").asText());
        JsonNode annotations = firing.get("annotations");
        assertEquals("Flume Client connection interrupted", annotations.get("summary").asText());
        assertEquals("Flume Client连接中断", annotations.get("summaryZh").asText());
        assertTrue(annotations.get("description").asText().length() > 10, annotations.toString());
        assertEquals("http://alm.example:8080/#/alarm/7/runbook", annotations.get("runbook").asText());
        assertEquals(T0.toString(), firing.get("startsAt").asText());
        assertEquals("0001-01-01T00:00:00Z", firing.get("endsAt").asText());
        assertEquals("http://alm.example:8080/#/alarm/7", firing.get("generatorURL").asText());
        assertEquals(16, firing.get("fingerprint").asText().length());

        JsonNode resolved = m.get("alerts").get(1);
        assertEquals("resolved", resolved.get("status").asText());
        assertEquals("8", resolved.get("labels").get("serialNo").asText());
        assertEquals(T0.plusSeconds(60).toString(), resolved.get("endsAt").asText());
        assertEquals(T0.plusSeconds(1).toString(), resolved.get("startsAt").asText());
    }

    @Test
    void theFingerprintIsAlertmanagersFnv1aOverTheSortedLabels() {
        // Alertmanager's model.LabelSet{"alertname":"test"}.Fingerprint(): FNV-1a 64 of "alertname" 0xff "test" 0xff.
        long hash = 0xcbf29ce484222325L;
        for (byte b : "alertname\u00fftest\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        assertEquals(String.format("%016x", hash), AlarmNotices.fingerprint(Map.of("alertname", "test")));
    }

    @Test
    void a2xxIsSent() {
        hook.answer(new WebhookServer.Answer(202, "accepted", null));
        Delivery d = receiver(hook.url()).deliver(sample());
        assertEquals(Delivery.Outcome.SENT, d.outcome());
        assertEquals("202 accepted", d.answer());
    }

    @Test
    void a5xxIsRetriedAndARetryAfterIsPassedOn() {
        hook.answer(new WebhookServer.Answer(503, "busy", 42));
        Delivery d = receiver(hook.url()).deliver(sample());
        assertEquals(Delivery.Outcome.RETRY, d.outcome());
        assertEquals(Duration.ofSeconds(42), d.retryAfter());
        assertEquals("503 busy", d.answer());
    }

    @Test
    void aClientErrorFailsForGoodWithTheServicesAnswer() {
        hook.answer(new WebhookServer.Answer(400, "{\"error\":\"missing field\"}", null));
        Delivery d = receiver(hook.url()).deliver(sample());
        assertEquals(Delivery.Outcome.FAILED, d.outcome());
        assertEquals("400 {\"error\":\"missing field\"}", d.answer());
        assertNull(d.retryAfter());
    }

    @Test
    void aRefusedConnectionIsRetried() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Delivery d = receiver("http://127.0.0.1:" + port + "/alerts").deliver(sample());
        assertEquals(Delivery.Outcome.RETRY, d.outcome());
        assertTrue(d.answer().startsWith("cannot reach 127.0.0.1:" + port), d.answer());
    }

    @Test
    void noAnswerWithinTheTimeoutIsRetried() throws Exception {
        // A server that accepts the connection and never answers.
        try (var silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var receiver = WebhookReceiver.of(new ReceiverSpec("slow", "webhook", Map.of("url",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/alerts", "timeout", "PT0.3S")));
            Delivery d = receiver.deliver(sample());
            assertEquals(Delivery.Outcome.RETRY, d.outcome());
            assertEquals("no answer within PT0.3S", d.answer());
        }
    }

    private static Notification sample() {
        var notices = new AlarmNotices(io.almengine.definition.DefinitionCatalog.load(
                io.almengine.testing.EngineHarness.repoFolder("alarm-definitions"),
                io.almengine.testing.EngineHarness.repoFolder("runbooks")), "http://alm.example");
        Notice n = notices.notice(Alarms.flume(1, "cluster-a", T0));
        return new Notification("ops-hook", "{}:{}", Notification.Status.FIRING, Map.of(), n.labels(), n.annotations(),
                "http://alm.example", List.of(n), 0);
    }

    private static List<String> names(JsonNode node) {
        var out = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
