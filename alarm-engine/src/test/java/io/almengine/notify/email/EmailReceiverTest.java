package io.almengine.notify.email;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.almengine.notify.SampleNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import io.almengine.testing.MutableClock;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailReceiverTest {

    private static final String PASSWORD = "s3cret-Relay-pw";

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alm@example.com", "alm", PASSWORD));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));

    private EmailReceiver receiver(Map<String, String> more) {
        Map<String, String> fields = new HashMap<>();
        fields.put("to", "oncall@example.com, lead@example.com");
        fields.put("from", "alm@example.com");
        fields.put("smarthost", "127.0.0.1:" + SMTP.getSmtp().getPort());
        fields.put("tls", "none");
        fields.putAll(more);
        return EmailReceiver.of(new ReceiverSpec("ops-mail", "email", fields), clock);
    }

    private static MimeMessage only() {
        MimeMessage[] received = SMTP.getReceivedMessages();
        // One copy per recipient: GreenMail delivers to each mailbox.
        assertTrue(received.length >= 1, "received " + received.length);
        return received[0];
    }

    private static String part(MimeMessage message, String type) throws Exception {
        Multipart alternative = (Multipart) message.getContent();
        assertTrue(alternative.getContentType().startsWith("multipart/alternative"), alternative.getContentType());
        for (int i = 0; i < alternative.getCount(); i++) {
            Part part = alternative.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void sendsPlainTextAndHtmlWithTheAlarmsSubjectToEveryRecipient() throws Exception {
        Delivery delivery = receiver(Map.of("headers.X-ALM-Team", "flume-ops")).deliver(SampleNotices.firing(3));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertTrue(delivery.answer().startsWith("250"), delivery.answer());
        MimeMessage message = only();
        assertEquals(2, SMTP.getReceivedMessages().length);
        assertEquals("[FIRING:3] ALM-24003 Flume Client connection interrupted", message.getSubject());
        assertArrayEquals(new String[] {"oncall@example.com", "lead@example.com"},
                Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Address::toString).toArray());
        assertEquals("alm@example.com", message.getFrom()[0].toString());
        assertEquals("flume-ops", message.getHeader("X-ALM-Team")[0]);
        String text = part(message, "text/plain");
        assertTrue(text.contains("[Major] ALM-24003 Flume Client connection interrupted"), text);
        assertTrue(text.contains("Serial: 1026") && text.contains("Occurred: 2026-12-04 13:47:39 UTC"), text);
        assertTrue(text.contains("Runbook: https://alm.example.com/#/alarm/1024/runbook"), text);
        String html = part(message, "text/html");
        assertTrue(html.contains("<h2>[FIRING:3] ALM-24003 Flume Client connection interrupted</h2>"), html);
        assertTrue(html.contains("<a href=\"https://alm.example.com/#/alarm/1025\">"), html);
        assertTrue(html.contains("<th align=\"left\">Parameters</th><td>clientIp=10.0.0.3, source=flume-01</td>"), html);
    }

    @Test
    void writesARecoveryInChineseInTheReceiversTimeZone() throws Exception {
        receiver(Map.of("language", "zh", "timeZone", "Asia/Shanghai")).deliver(SampleNotices.group(1, 0, true));

        MimeMessage message = only();
        assertEquals("[已恢复:1] ALM-24003 Flume客户端连接中断", message.getSubject());
        String text = part(message, "text/plain");
        assertTrue(text.contains("[已恢复] ALM-24003 Flume客户端连接中断"), text);
        assertTrue(text.contains("清除时间: 2026-12-04 21:52:10 Asia/Shanghai"), text);
        assertTrue(part(message, "text/html").contains("<th align=\"left\">流水号</th><td>1024</td>"));
    }

    @Test
    void aStormIsOneLinePerAlarmAndTheRestCountedWithALink() throws Exception {
        receiver(Map.of()).deliver(SampleNotices.group(50, 37, false));

        MimeMessage message = only();
        assertEquals("[FIRING:87] ALM-24003 Flume Client connection interrupted", message.getSubject());
        String text = part(message, "text/plain");
        assertEquals(50, text.split("\n- \\[Major\\] ALM-24003 #", -1).length - 1, text);
        assertTrue(text.contains("37 more alarms: https://alm.example.com/#/active?alarmId=24003&source=flume-01"), text);
        assertTrue(part(message, "text/html").contains(
                "<a href=\"https://alm.example.com/#/active?alarmId=24003&amp;source=flume-01\">37 more alarms</a>"));
    }

    @Test
    void authenticatesAsTheConfiguredUser() throws Exception {
        Delivery delivery = receiver(Map.of("authUsername", "alm", "authPassword", PASSWORD)).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertEquals(2, SMTP.getReceivedMessages().length);
    }

    @Test
    void aWrongPasswordFailsWithTheRelaysAnswerAndNoPassword() {
        String wrong = PASSWORD + "-old";
        EmailReceiver receiver = receiver(Map.of("authUsername", "alm", "authPassword", wrong));

        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome(), delivery.answer());
        assertTrue(delivery.answer().contains("535"), delivery.answer());
        assertFalse(delivery.answer().contains(wrong) || receiver.toString().contains(wrong), receiver.toString());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void startTlsIsRequiredNeverSkippedForARelayWithoutIt() {
        // GreenMail's SMTP offers no STARTTLS, as a downgrading man in the middle would not.
        Delivery delivery = receiver(Map.of("tls", "starttls", "authUsername", "alm", "authPassword", PASSWORD))
                .deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome(), delivery.answer());
        assertTrue(delivery.answer().contains("STARTTLS"), delivery.answer());
        assertEquals(0, SMTP.getReceivedMessages().length);
    }

    @Test
    void anUnreachableRelayIsRetried() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Delivery delivery = receiver(Map.of("smarthost", "127.0.0.1:" + port)).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.RETRY, delivery.outcome(), delivery.answer());
    }

    @Test
    void aRelayThatNeverAnswersIsRetriedAfterTheTimeout() throws Exception {
        // Takes the connection and says nothing, not even its greeting.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Delivery delivery = receiver(Map.of("smarthost", "127.0.0.1:" + silent.getLocalPort(), "timeout", "PT0.5S"))
                    .deliver(SampleNotices.firing(1));

            assertEquals(Delivery.Outcome.RETRY, delivery.outcome(), delivery.answer());
            assertTrue(delivery.answer().contains("SocketTimeoutException"), delivery.answer());
        }
    }

    @Test
    void rejectsFieldsThatCannotWorkNamingTheField() {
        assertEquals("timeout", assertThrows(InvalidReceiverException.class, () -> receiver(Map.of("timeout", "-PT1S"))).field());
        assertEquals("to", assertThrows(InvalidReceiverException.class, () -> receiver(Map.of("to", ""))).field());
        assertEquals("to", assertThrows(InvalidReceiverException.class, () -> receiver(Map.of("to", "oncall@"))).field());
        assertEquals("smarthost", assertThrows(InvalidReceiverException.class,
                () -> receiver(Map.of("smarthost", "smtp.example.com"))).field());
        assertEquals("tls", assertThrows(InvalidReceiverException.class, () -> receiver(Map.of("tls", "yes"))).field());
        assertEquals("authPassword", assertThrows(InvalidReceiverException.class,
                () -> receiver(Map.of("authUsername", "alm"))).field());
        assertEquals("language", assertThrows(InvalidReceiverException.class, () -> receiver(Map.of("language", "de"))).field());
        assertEquals("tlsCaFile", assertThrows(InvalidReceiverException.class,
                () -> receiver(Map.of("tls", "ssl", "tlsCaFile", "/nonexistent/ca.pem"))).field());
    }
}
