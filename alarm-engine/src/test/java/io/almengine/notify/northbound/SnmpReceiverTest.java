package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snmp receiver against Net-SNMP's snmptrapd (one per class, on a free 127.0.0.1 port), which
 * accepts community {@code public} and two SNMPv3 users (SHA/AES and SHA-256/AES) of the receiver's
 * engine ID; every variable of each trap is checked as snmptrapd decoded and logged it.
 */
class SnmpReceiverTest {

    private static final String ENGINE_ID = "80007ed904616c6d2d74657374";
    private static final String ALM = ".1.3.6.1.4.1.32473";

    @TempDir
    static Path dir;

    private static SnmpTrapd trapd;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));

    @BeforeAll
    static void startSnmptrapd() throws Exception {
        Needs.tool(SnmpTrapd.installed(), "snmptrapd (apt-get install snmptrapd)");
        trapd = SnmpTrapd.start(dir, """
                authCommunity log public
                createUser -e 0x%1$s almsha SHA shaAuthKey1 AES shaPrivKey1
                createUser -e 0x%1$s almsha256 SHA-256 sha256AuthKey AES sha256PrivKey
                authUser log almsha
                authUser log almsha256
                """.formatted(ENGINE_ID));
    }

    @AfterAll
    static void stopSnmptrapd() throws Exception {
        if (trapd != null) {
            trapd.close();
        }
    }

    private SnmpReceiver receiver(Map<String, String> fields) {
        Map<String, String> all = new HashMap<>(Map.of("host", "127.0.0.1", "port", Integer.toString(trapd.port)));
        all.putAll(fields);
        return SnmpReceiver.of(new ReceiverSpec("nms", "snmp", all), clock);
    }

    private static Notification of(Notice... notices) {
        return new Notification("nms", "{}", notices[0].status(), Map.of(), Map.of(), Map.of(),
                SampleNotices.EXTERNAL_URL, List.of(notices), 0);
    }

    /** The trap's variables by OID, values as snmptrapd printed them ("STRING: \"6001\""). */
    private static Map<String, String> variables(String trap) {
        Map<String, String> variables = new LinkedHashMap<>();
        String[] parts = trap.split("~");
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf(" = ");
            variables.put(parts[i].substring(0, equals), parts[i].substring(equals + 3));
        }
        return variables;
    }

    private static String trapWith(String serialNo) throws Exception {
        return trapd.await(1, line -> line.contains(ALM + ".1.1.0 = STRING: \"" + serialNo + "\"")).get(0);
    }

    @Test
    void v2cTrapCarriesEveryVariableOfTheMibInItsOrder() throws Exception {
        Delivery delivery = receiver(Map.of("community", "public"))
                .deliver(of(SampleNotices.flumeClient(6001, "10.0.0.5", false)));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String trap = trapWith("6001");
        assertTrue(trap.startsWith("TRAP version=1 security=public "), trap);
        Map<String, String> v = variables(trap);
        assertEquals(List.of(".1.3.6.1.2.1.1.3.0", ".1.3.6.1.6.3.1.1.4.1.0", ALM + ".1.1.0", ALM + ".1.2.0",
                ALM + ".1.3.0", ALM + ".1.4.0", ALM + ".1.5.0", ALM + ".1.6.0", ALM + ".1.7.0", ALM + ".1.8.0",
                ALM + ".1.9.0", ALM + ".1.10.0", ALM + ".1.11.0", ALM + ".1.12.0"), List.copyOf(v.keySet()));
        assertTrue(v.get(".1.3.6.1.2.1.1.3.0").startsWith("Timeticks: "), v.toString());
        assertEquals("OID: " + ALM + ".0.1", v.get(".1.3.6.1.6.3.1.1.4.1.0"), "almAlarmNotification");
        assertEquals("Gauge32: 24003", v.get(ALM + ".1.2.0"), "almAlarmId");
        assertEquals("STRING: \"Flume Client connection interrupted\"", v.get(ALM + ".1.3.0"));
        assertEquals("INTEGER: 0", v.get(ALM + ".1.4.0"), "almAlarmCategory fault");
        assertEquals("INTEGER: 2", v.get(ALM + ".1.5.0"), "almAlarmLevel major");
        assertEquals("Hex-STRING: 07 EA 0C 04 0D 2F 22 00 2B 00 00 ", v.get(ALM + ".1.6.0"),
                "DateAndTime 2026-12-04 13:47:34.0 +00:00");
        assertEquals("\"\"", v.get(ALM + ".1.7.0"), "no clear time while active");
        assertEquals("INTEGER: 1", v.get(ALM + ".1.8.0"), "TruthValue true");
        assertEquals("INTEGER: -1", v.get(ALM + ".1.9.0"), "not cleared");
        assertEquals("STRING: \"clientIp=10.0.0.5, source=flume-01\"", v.get(ALM + ".1.10.0"));
        assertEquals("\"\"", v.get(ALM + ".1.11.0"), "no cause given");
        assertEquals("STRING: \"Events from this client are not collected.\"", v.get(ALM + ".1.12.0"));
    }

    @Test
    void v3ShaAesClearSharesTheSerialNumberAndSaysWhenAndHow() throws Exception {
        SnmpReceiver receiver = receiver(Map.of("version", "v3", "user", "almsha", "authProtocol", "SHA",
                "authKey", "shaAuthKey1", "privProtocol", "AES128", "privKey", "shaPrivKey1", "engineId", ENGINE_ID));

        Delivery delivery = receiver.deliver(of(SampleNotices.flumeClient(6002, "10.0.0.6", true)));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String trap = trapWith("6002");
        assertTrue(trap.startsWith("TRAP version=3 security=almsha "), "authenticated and decrypted as user almsha: " + trap);
        Map<String, String> v = variables(trap);
        assertEquals("INTEGER: 1", v.get(ALM + ".1.4.0"), "almAlarmCategory clear");
        assertEquals("Hex-STRING: 07 EA 0C 04 0D 34 0A 00 2B 00 00 ", v.get(ALM + ".1.7.0"), "cleared 2026-12-04 13:52:10");
        assertEquals("INTEGER: 0", v.get(ALM + ".1.9.0"), "auto-cleared");
    }

    @Test
    void v3Sha256AesHeartbeatIsItsOwnNotification() throws Exception {
        SnmpReceiver receiver = receiver(Map.of("version", "v3", "user", "almsha256", "authProtocol", "SHA-256",
                "authKey", "sha256AuthKey", "privKey", "sha256PrivKey", "engineId", ENGINE_ID));

        Delivery delivery = receiver.heartbeat();

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String trap = trapd.await(1, line -> line.contains("security=almsha256 ")
                && line.contains("OID: " + ALM + ".0.2")).get(0);
        assertEquals(2, variables(trap).size(), "sysUpTime and snmpTrapOID only: " + trap);
    }

    @Test
    void aWrongAuthKeyIsNotLoggedByTheNms() throws Exception {
        SnmpReceiver wrong = receiver(Map.of("version", "v3", "user", "almsha", "authKey", "notTheRightKey",
                "privKey", "shaPrivKey1", "engineId", ENGINE_ID));

        wrong.deliver(of(SampleNotices.flumeClient(6003, "10.0.0.7", false)));
        receiver(Map.of("community", "public")).deliver(of(SampleNotices.flumeClient(6004, "10.0.0.8", false)));

        trapWith("6004");
        assertFalse(trapd.text().contains("\"6003\""), "snmptrapd refuses a trap it cannot authenticate");
    }

    @Test
    void chineseNamesAreUtf8AndLongTextIsCutBeforeACharacter() throws Exception {
        Notice notice = SampleNotices.flumeClient(6005, "10.0.0.9", false);
        Map<String, String> annotations = new HashMap<>(notice.annotations());
        annotations.put(Notice.CAUSE, "网".repeat(100));
        Notice longCause = new Notice(notice.status(), notice.labels(), annotations, notice.startsAt(), null,
                notice.generatorUrl(), notice.fingerprint());

        receiver(Map.of("community", "public", "language", "zh")).deliver(of(longCause));

        Map<String, String> v = variables(trapWith("6005"));
        assertEquals(hex("Flume客户端连接中断"), v.get(ALM + ".1.3.0"));
        assertEquals(hex("网".repeat(85)), v.get(ALM + ".1.11.0"), "255 octets hold 85 three-octet characters");
    }

    @Test
    void refusesFieldsThatCannotWorkAndNeverShowsKeys() {
        for (Map<String, String> bad : List.of(Map.of("version", "v1", "community", "public"),
                Map.of("community", "public", "user", "x"),
                Map.of("version", "v3", "user", "u", "authKey", "short"),
                Map.of("version", "v3", "user", "u", "privKey", "longenough"),
                Map.of("version", "v3", "user", "u", "authKey", "longenough", "authProtocol", "MD5"),
                Map.of("version", "v3", "user", "u", "authKey", "longenough", "privProtocol", "DES"),
                Map.of("version", "v3", "user", "u", "engineId", "zz"),
                Map.of("community", "public", "heartbeatInterval", "PT0S"))) {
            InvalidReceiverException e = assertThrows(InvalidReceiverException.class, () -> receiver(bad), bad.toString());
            assertTrue(bad.containsKey(e.field()) || e.field().equals("authKey"), e.getMessage());
        }
        SnmpReceiver v3 = receiver(Map.of("version", "v3", "user", "almsha", "authKey", "shaAuthKey1",
                "privKey", "shaPrivKey1"));
        assertFalse(v3.toString().contains("shaAuthKey1") || v3.toString().contains("shaPrivKey1"), v3.toString());
        assertTrue(v3.engineIdHex().startsWith("80007ed904"), "RFC 3411 text format under the MIB's enterprise");
        assertFalse(receiver(Map.of("community", "s3cret-community")).toString().contains("s3cret"));
    }

    private static String hex(String text) {
        StringBuilder hex = new StringBuilder("Hex-STRING: ");
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            hex.append(String.format("%02X ", bytes[i]));
        }
        return hex.toString();
    }
}
