package io.almengine.notify.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.notify.SampleNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import io.almengine.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DingTalkReceiverTest {

    private static final String TOKEN = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static final String SECRET = "SECd0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeDingTalkRobot robot;

    @AfterEach
    void stop() {
        if (robot != null) {
            robot.close();
        }
    }

    private DingTalkReceiver receiver(String url, String secret, String language) {
        Map<String, String> fields = new HashMap<>();
        fields.put("url", url);
        if (secret != null) {
            fields.put("secret", secret);
        }
        if (language != null) {
            fields.put("language", language);
        }
        return DingTalkReceiver.of(new ReceiverSpec("ops-dingtalk", "dingtalk", fields), http, clock);
    }

    @Test
    void sendsOneMarkdownMessageNamingTheAlarmInEnglish() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);

        Delivery delivery = receiver(robot.webhook(), null, null).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertEquals("0: ok", delivery.answer());
        var markdown = robot.last().get("markdown");
        assertEquals("[FIRING:1] ALM-24003 Flume Client connection interrupted", markdown.get("title").asText());
        String text = markdown.get("text").asText();
        assertTrue(text.startsWith("### [FIRING:1] ALM-24003 Flume Client connection interrupted\n"), text);
        for (String expected : new String[] {"**[Major] ALM-24003 Flume Client connection interrupted**",
                "Serial: 1024", "Occurred: 2026-12-04 13:47:37 UTC", "Parameters: clientIp=10.0.0.1, source=flume-01",
                "[Alarm](https://alm.example.com/#/alarm/1024)", "[Runbook](https://alm.example.com/#/alarm/1024/runbook)"}) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }

    @Test
    void writesChineseInTheReceiversTimeZone() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);
        Map<String, String> fields = Map.of("url", robot.webhook(), "language", "zh", "timeZone", "Asia/Shanghai");
        DingTalkReceiver receiver = DingTalkReceiver.of(new ReceiverSpec("ops", "dingtalk", fields), http, clock);

        assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());

        String text = robot.last().get("markdown").get("text").asText();
        assertEquals("[告警:1] ALM-24003 Flume客户端连接中断", robot.last().get("markdown").get("title").asText());
        for (String expected : new String[] {"**[重要] ALM-24003 Flume客户端连接中断**", "流水号: 1024",
                "产生时间: 2026-12-04 21:47:37 Asia/Shanghai", "[查看告警](", "[处理步骤]("}) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
    }

    @Test
    void aResolvedGroupReadsAsRecovery() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);

        receiver(robot.webhook(), null, null).deliver(SampleNotices.group(1, 0, true));

        String text = robot.last().get("markdown").get("text").asText();
        assertTrue(text.startsWith("### [RESOLVED:1] ALM-24003"), text);
        assertTrue(text.contains("**[Recovered] ALM-24003"), text);
        assertTrue(text.contains("Cleared: 2026-12-04 13:52:10 UTC"), text);
    }

    @Test
    void signsTheUrlAsDingTalkChecksIt() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, SECRET, clock);
        // A signature with a '+', which reaches DingTalk intact only when URL-encoded.
        while (!DingTalkReceiver.sign(clock.millis(), SECRET).contains("+")) {
            clock.advance(Duration.ofMillis(1));
        }

        Delivery delivery = receiver(robot.webhook(), SECRET, null).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertEquals(Long.toString(clock.millis()), robot.accepted().get(0).query().get("timestamp"));
    }

    @Test
    void aWrongSecretFailsWithDingTalksMessageAndNoSecretInIt() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, SECRET, clock);
        String wrong = SECRET.replace('d', 'e');

        DingTalkReceiver receiver = receiver(robot.webhook(), wrong, null);
        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome());
        assertTrue(delivery.answer().startsWith("310000: description:机器人发送签名不匹配"), delivery.answer());
        assertFalse(delivery.answer().contains(wrong) || delivery.answer().contains(TOKEN));
        assertFalse(receiver.toString().contains(wrong) || receiver.toString().contains(TOKEN), receiver.toString());
        assertTrue(robot.accepted().isEmpty());
    }

    @Test
    void aTimestampOverAnHourFromDingTalksClockIsRefused() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, SECRET, clock);
        MutableClock late = new MutableClock(clock.instant().minus(Duration.ofMinutes(61)));
        DingTalkReceiver receiver = DingTalkReceiver.of(
                new ReceiverSpec("ops", "dingtalk", Map.of("url", robot.webhook(), "secret", SECRET)), http, late);

        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome());
        assertTrue(delivery.answer().startsWith("310000: "), delivery.answer());
    }

    @Test
    void anUnknownTokenFailsWithDingTalksMessage() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);

        Delivery delivery = receiver(robot.base() + "/robot/send?access_token=0000", null, null)
                .deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.FAILED, "300001: token is not exist", null), delivery);
    }

    @Test
    void beyondTwentyAMinuteRetriesAfterTheTenMinutesBlock() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, SECRET, clock);
        DingTalkReceiver receiver = receiver(robot.webhook(), SECRET, null);
        assertEquals(new io.almengine.notify.SendLimit(20, 0, Duration.ofMinutes(10)), receiver.limit());
        for (int i = 0; i < 20; i++) {
            assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
            clock.advance(Duration.ofSeconds(1));
        }

        Delivery throttled = receiver.deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.RETRY, "130101: send too fast, exceed 20 times per minute",
                Duration.ofMinutes(10)), throttled);
        clock.advance(Duration.ofMinutes(2));
        assertEquals(Delivery.Outcome.RETRY, receiver.deliver(SampleNotices.firing(1)).outcome(), "still blocked");
        clock.advance(throttled.retryAfter());
        assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
    }

    @Test
    void aStormFitsOneMessageNamingEveryAlarmOrCountingIt() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);

        Delivery delivery = receiver(robot.webhook(), null, null).deliver(SampleNotices.group(10_000, 37, false));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String text = robot.last().get("markdown").get("text").asText();
        assertTrue(text.startsWith("### [FIRING:10037] ALM-24003 Flume Client connection interrupted"), text);
        int listed = text.split("\n- \\[Major\\] ALM-24003 #", -1).length - 1;
        Matcher more = Pattern.compile("\\*\\*\\[(\\d+) more alarms\\]\\((\\S+)\\)\\*\\*").matcher(text);
        assertTrue(more.find(), text);
        assertTrue(listed > 50, "listed " + listed);
        assertEquals(10_037, listed + Integer.parseInt(more.group(1)));
        assertEquals("https://alm.example.com/#/active?alarmId=24003&source=flume-01", more.group(2));
    }

    @Test
    void aGatewayErrorOrNoAnswerIsRetried() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);
        DingTalkReceiver receiver = receiver(robot.webhook(), null, null);
        robot.failWith(502);

        Delivery badGateway = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.RETRY, badGateway.outcome());
        assertTrue(badGateway.answer().startsWith("HTTP 502: "), badGateway.answer());
        assertNull(badGateway.retryAfter());
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Delivery refused = receiver("http://127.0.0.1:" + port + "/robot/send?access_token=" + TOKEN, null, null)
                .deliver(SampleNotices.firing(1));
        assertEquals(Delivery.Outcome.RETRY, refused.outcome());
        assertTrue(refused.answer().startsWith("unreachable: ConnectException"), refused.answer());
    }

    @Test
    void noAnswerWithinTheTimeoutIsRetried() throws IOException {
        robot = new FakeDingTalkRobot(TOKEN, null, clock);
        robot.hangFor(Duration.ofSeconds(5));
        DingTalkReceiver receiver = DingTalkReceiver.of(new ReceiverSpec("ops", "dingtalk",
                Map.of("url", robot.webhook(), "timeout", "PT0.3S")), http, clock);

        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.RETRY, delivery.outcome());
        assertTrue(delivery.answer().startsWith("unreachable: HttpTimeoutException"), delivery.answer());
    }

    @Test
    void rejectsFieldsThatCannotWorkNamingTheField() {
        assertEquals("timeout", assertThrows(InvalidReceiverException.class, () -> DingTalkReceiver.of(new ReceiverSpec("ops",
                "dingtalk", Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=x", "timeout", "10s")), http, clock)).field());
        assertEquals("url", assertThrows(InvalidReceiverException.class, () -> receiver("oapi.dingtalk.com/robot", null, null)).field());
        InvalidReceiverException noToken = assertThrows(InvalidReceiverException.class,
                () -> receiver("https://oapi.dingtalk.com/robot/send", null, null));
        assertEquals("url: has no access_token=…: copy the robot's whole Webhook address", noToken.getMessage());
        assertEquals("language", assertThrows(InvalidReceiverException.class,
                () -> receiver("https://oapi.dingtalk.com/robot/send?access_token=x", null, "fr")).field());
        assertEquals("url", assertThrows(InvalidReceiverException.class,
                () -> DingTalkReceiver.of(new ReceiverSpec("ops", "dingtalk", Map.of()), http, clock)).field());
        InvalidReceiverException zone = assertThrows(InvalidReceiverException.class, () -> DingTalkReceiver.of(
                new ReceiverSpec("ops", "dingtalk", Map.of("url", "https://oapi.dingtalk.com/robot/send?access_token=x",
                        "timeZone", "Mars/Olympus")), http, clock));
        assertEquals("timeZone", zone.field());
    }
}
