package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.notify.SampleNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notice;
import io.almengine.notify.Notification;
import io.almengine.notify.ReceiverSpec;
import io.almengine.testing.MutableClock;
import io.almengine.testing.Needs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog receiver against Debian's rsyslogd (one per class, on free 127.0.0.1 ports): each
 * message checked field by field as rsyslog parsed and logged it, over UDP, TCP and TLS, in RFC 5424
 * and RFC 3164.
 */
class SyslogReceiverTest {

    private static final String HOST = "alm-test-host";
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    static Path dir;

    private static Rsyslogd rsyslogd;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));

    @BeforeAll
    static void startRsyslogd() throws Exception {
        Needs.tool(Rsyslogd.installed(), "rsyslogd with its gtls driver (apt-get install rsyslog rsyslog-gnutls)");
        rsyslogd = Rsyslogd.start(dir);
    }

    @AfterAll
    static void stopRsyslogd() throws Exception {
        if (rsyslogd != null) {
            rsyslogd.close();
        }
    }

    private SyslogReceiver receiver(String protocol, int port, Map<String, String> more) {
        Map<String, String> fields = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                "protocol", protocol, "hostname", HOST));
        fields.putAll(more);
        return SyslogReceiver.of(new ReceiverSpec("nms", "syslog", fields), clock);
    }

    private static Notification of(Notice... notices) {
        return new Notification("nms", "{}", notices[0].status(), Map.of(), Map.of(), Map.of(),
                SampleNotices.EXTERNAL_URL, List.of(notices), 0);
    }

    private static JsonNode one(String input, String serialNo) throws Exception {
        return rsyslogd.await(input, 1, line -> line.get("sd").asText().contains("serialNo=\"" + serialNo + "\"")).get(0);
    }

    @Test
    void rfc5424OverUdpCarriesEveryFusionInsightFieldAsKeyValuePairs() throws Exception {
        Delivery delivery = receiver("udp", rsyslogd.udpPort, Map.of())
                .deliver(of(SampleNotices.flumeClient(5001, "10.0.0.5", false)));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        JsonNode line = one("udp", "5001");
        assertEquals("131", line.get("pri").asText(), "local0 (16) × 8 + err (3) for a major alarm");
        assertEquals("2026-12-04T13:50:00.000Z", line.get("timestamp").asText());
        assertEquals(HOST, line.get("hostname").asText());
        assertEquals("alm-engine", line.get("appname").asText());
        assertEquals(Long.toString(PID), line.get("procid").asText());
        assertEquals("ALM-24003", line.get("msgid").asText());
        assertEquals("[alm@32473 serialNo=\"5001\" id=\"24003\" category=\"0\" level=\"2\"]", line.get("sd").asText());
        assertEquals("serialNo=5001 id=24003 name=\"Flume Client connection interrupted\" category=0"
                + " occurTime=2026-12-04T13:47:54Z clearTime=\"\" isAutoClear=true clearType=-1 level=2"
                + " locationInfo=\"clientIp=10.0.0.5, source=flume-01\" cause=\"\""
                + " additionalInfo=\"Events from this client are not collected.\"", line.get("msg").asText());
        assertTrue(line.get("raw").asText().startsWith("<131>1 2026-12-04T13:50:00.000Z alm-test-host alm-engine "),
                line.get("raw").asText());
    }

    @Test
    void faultAndClearOverTcpShareTheSerialNumberOneFramePerAlarm() throws Exception {
        Notice fault = SampleNotices.flumeClient(5002, "10.0.0.6", false);
        Notice clear = SampleNotices.flumeClient(5002, "10.0.0.6", true);
        Map<String, String> annotations = new HashMap<>(clear.annotations());
        annotations.putAll(Map.of(Notice.AUTO_CLEAR, "false", Notice.CLEAR_TYPE, "manual",
                Notice.CAUSE, "Network fault between client and server.", Notice.ADDITIONAL_INFO, "cleared by ops"));
        Notice manual = new Notice(clear.status(), Map.of("alertname", "ALM-24003", "alarmId", "24003",
                "serialNo", "5003", "severity", "critical", "source", "flume-02"), annotations,
                clear.startsAt(), clear.endsAt(), clear.generatorUrl(), "fp5003");
        SyslogReceiver receiver = receiver("tcp", rsyslogd.tcpPort, Map.of("facility", "local3"));

        assertEquals(Delivery.Outcome.SENT, receiver.deliver(of(fault)).outcome());
        Delivery cleared = receiver.deliver(of(clear, manual));

        assertEquals(Delivery.Outcome.SENT, cleared.outcome(), cleared.answer());
        assertEquals("2 message(s) to 127.0.0.1:" + rsyslogd.tcpPort + " over tcp", cleared.answer());
        List<JsonNode> both = rsyslogd.await("tcp", 2, line -> line.get("sd").asText().contains("serialNo=\"5002\""));
        assertEquals(2, both.size(), "fault and clear, the same serialNo");
        // Two connections: rsyslog may log them in either order.
        JsonNode faultLine = both.stream().filter(l -> l.get("sd").asText().contains("category=\"0\"")).findFirst().orElseThrow();
        JsonNode clearLine = both.stream().filter(l -> l.get("sd").asText().contains("category=\"1\"")).findFirst().orElseThrow();
        assertEquals("155", faultLine.get("pri").asText(), "local3 (19) × 8 + err (3)");
        assertTrue(faultLine.get("msg").asText().contains(" category=0 "), faultLine.toString());
        assertEquals("158", clearLine.get("pri").asText(), "local3 (19) × 8 + informational (6): a clear");
        assertEquals("serialNo=5002 id=24003 name=\"Flume Client connection interrupted\" category=1"
                + " occurTime=2026-12-04T13:47:55Z clearTime=2026-12-04T13:52:10Z isAutoClear=true clearType=0 level=2"
                + " locationInfo=\"clientIp=10.0.0.6, source=flume-01\" cause=\"\""
                + " additionalInfo=\"Events from this client are not collected.\"", clearLine.get("msg").asText());
        JsonNode manualLine = one("tcp", "5003");
        assertEquals("[alm@32473 serialNo=\"5003\" id=\"24003\" category=\"1\" level=\"1\"]", manualLine.get("sd").asText());
        assertTrue(manualLine.get("msg").asText().contains(" isAutoClear=false clearType=2 level=1 locationInfo=\"source=flume-02\""
                + " cause=\"Network fault between client and server.\" additionalInfo=\"cleared by ops\""),
                manualLine.get("msg").asText());
    }

    @Test
    void tlsReachesAServerItsCaFileVouchesForAndRefusesOneItDoesNot() throws Exception {
        SyslogReceiver trusting = receiver("tls", rsyslogd.tlsPort, Map.of("tlsCaFile", rsyslogd.caFile.toString()));
        SyslogReceiver doubting = receiver("tls", rsyslogd.tlsPort, Map.of());

        Delivery sent = trusting.deliver(of(SampleNotices.flumeClient(5004, "10.0.0.7", false)));
        Delivery refused = doubting.deliver(of(SampleNotices.flumeClient(5005, "10.0.0.8", false)));

        assertEquals(Delivery.Outcome.SENT, sent.outcome(), sent.answer());
        JsonNode line = one("tls", "5004");
        assertEquals("131", line.get("pri").asText());
        assertEquals("ALM-24003", line.get("msgid").asText());
        assertTrue(line.get("msg").asText().startsWith("serialNo=5004 id=24003 "), line.toString());
        assertEquals(Delivery.Outcome.FAILED, refused.outcome(), "a certificate no CA vouches for is not retried");
        assertTrue(refused.answer().contains("SSLHandshakeException"), refused.answer());
        assertTrue(rsyslogd.lines("tls").stream().noneMatch(l -> l.get("sd").asText().contains("\"5005\"")));
    }

    @Test
    void rfc3164WritesTheBsdTimestampInTheReceiversZoneAndATag() throws Exception {
        SyslogReceiver receiver = receiver("udp", rsyslogd.udpPort,
                Map.of("format", "rfc3164", "timeZone", "Asia/Shanghai"));

        receiver.deliver(of(SampleNotices.flumeClient(5006, "10.0.0.9", false)));

        JsonNode line = rsyslogd.await("udp", 1, l -> l.get("msg").asText().contains("serialNo=5006 ")).get(0);
        assertEquals("<131>Dec  4 21:50:00 alm-test-host alm-engine[" + PID + "]: serialNo=5006 id=24003 ",
                line.get("raw").asText().substring(0, line.get("raw").asText().indexOf("name=")));
        assertEquals("131", line.get("pri").asText());
        assertEquals(HOST, line.get("hostname").asText());
        assertEquals("alm-engine", line.get("appname").asText());
        assertEquals(Long.toString(PID), line.get("procid").asText());
        assertTrue(line.get("msg").asText().contains("occurTime=2026-12-04T21:47:59+08:00 "), line.toString());
        assertFalse(line.get("raw").asText().contains("\uFEFF"), "RFC 3164 has no BOM");
    }

    @Test
    void chineseTextIsUtf8AfterTheBomAndATemplatePicksTheFields() throws Exception {
        SyslogReceiver receiver = receiver("udp", rsyslogd.udpPort, Map.of("language", "zh",
                "template", "告警 {{name}} #{{serialNo}} level={{ level }} at {{locationInfo}}"));

        receiver.deliver(of(SampleNotices.flumeClient(5007, "10.0.0.10", false)));

        JsonNode line = one("udp", "5007");
        assertEquals("\uFEFF告警 Flume客户端连接中断 #5007 level=2 at clientIp=10.0.0.10, source=flume-01",
                line.get("msg").asText(), "RFC 5424 6.4: UTF-8 text starts with a BOM");
    }

    @Test
    void heartbeatIsAnInformationalMessageOfItsOwn() throws Exception {
        Delivery delivery = receiver("tcp", rsyslogd.tcpPort, Map.of()).heartbeat();

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        JsonNode line = rsyslogd.await("tcp", 1, l -> l.get("msgid").asText().equals("HEARTBEAT")).get(0);
        assertEquals("134", line.get("pri").asText(), "local0 × 8 + informational");
        assertEquals("[alm@32473 heartbeat=\"1\"]", line.get("sd").asText());
        assertEquals("heartbeat=alm-engine time=2026-12-04T13:50:00Z", line.get("msg").asText());
    }

    @Test
    void aClosedTcpPortIsRetriedAndAnUnknownTemplateFieldIsRefused() throws Exception {
        Delivery delivery = receiver("tcp", Rsyslogd.freeTcpPort(), Map.of())
                .deliver(of(SampleNotices.flumeClient(5008, "10.0.0.11", false)));

        assertEquals(Delivery.Outcome.RETRY, delivery.outcome(), delivery.answer());
        InvalidReceiverException template = assertThrows(InvalidReceiverException.class,
                () -> receiver("udp", 514, Map.of("template", "{{serialNo}} {{severity}}")));
        assertEquals("template", template.field());
        assertTrue(template.getMessage().contains("{{severity}}"), template.getMessage());
    }

    @Test
    void refusesFieldsThatCannotWorkNamingThem() {
        for (Map.Entry<String, String> bad : List.of(Map.entry("protocol", "sctp"), Map.entry("format", "json"),
                Map.entry("facility", "local9"), Map.entry("port", "70000"), Map.entry("reReportInterval", "PT4M"),
                Map.entry("reReportInterval", "PT1441M"), Map.entry("heartbeatInterval", "PT61M"), Map.entry("heartbeatInterval", "PT59S"),
                Map.entry("heartbeatInterval", "30"), Map.entry("tlsCaFile", "/etc/hostname"))) {
            InvalidReceiverException e = assertThrows(InvalidReceiverException.class,
                    () -> receiver("udp", 514, Map.of(bad.getKey(), bad.getValue())), bad.toString());
            assertEquals(bad.getKey(), e.field(), e.getMessage());
        }
        assertEquals(new PeriodicReport(java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(1)),
                receiver("udp", 514, Map.of("reReportInterval", "PT5M", "heartbeatInterval", "PT60M")).periodic());
        assertEquals(new PeriodicReport(java.time.Duration.ofDays(1), java.time.Duration.ofMinutes(1)),
                receiver("udp", 514, Map.of("reReportInterval", "PT1440M", "heartbeatInterval", "PT1M")).periodic());
        assertEquals(PeriodicReport.OFF, receiver("udp", 514, Map.of()).periodic(), "both off unless configured");
    }
}
