package io.almengine.notify.robot;

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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeComReceiverTest {

    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeWeComRobot robot;

    @AfterEach
    void stop() {
        if (robot != null) {
            robot.close();
        }
    }

    private WeComReceiver receiver(String url, String language) {
        Map<String, String> fields = new HashMap<>(Map.of("url", url));
        if (language != null) {
            fields.put("language", language);
        }
        return WeComReceiver.of(new ReceiverSpec("ops-wecom", "wecom", fields), http, clock);
    }

    private String content() {
        return robot.last().get("markdown").get("content").asText();
    }

    @Test
    void sendsMarkdownNamingTheAlarmInEnglishAndChinese() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);

        Delivery english = receiver(robot.webhook(), "en").deliver(SampleNotices.firing(2));

        assertEquals(new Delivery(Delivery.Outcome.SENT, "0: ok", null), english);
        String text = content();
        assertTrue(text.startsWith("### [FIRING:2] ALM-24003 Flume Client connection interrupted\n"), text);
        assertTrue(text.contains("Serial: 1025") && text.contains("Occurred: 2026-12-04 13:47:38 UTC"), text);

        receiver(robot.webhook(), "zh").deliver(SampleNotices.group(1, 0, true));
        String chinese = content();
        assertTrue(chinese.startsWith("### [已恢复:1] ALM-24003 Flume客户端连接中断\n"), chinese);
        assertTrue(chinese.contains("**[已恢复] ALM-24003 Flume客户端连接中断**"), chinese);
        assertTrue(chinese.contains("级别: 重要") && chinese.contains("清除时间: 2026-12-04 13:52:10 UTC"), chinese);
    }

    @Test
    void aStormStaysWithin4096BytesCountingTheAlarmsLeftOut() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);

        Delivery delivery = receiver(robot.webhook(), "zh").deliver(SampleNotices.group(300, 0, false));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String text = content();
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= 4096);
        int listed = text.split("\n- \\[重要\\] ALM-24003 #", -1).length - 1;
        Matcher more = Pattern.compile("\\*\\*\\[另有 (\\d+) 条告警\\]\\(https://alm.example.com/#/active\\?alarmId=24003&source=flume-01\\)\\*\\*")
                .matcher(text);
        assertTrue(more.find(), text);
        assertEquals(300, listed + Integer.parseInt(more.group(1)));
    }

    @Test
    void anAlarmTooBigAloneIsCutBetweenCharactersWithAnEllipsis() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);
        Notice notice = SampleNotices.flumeClient(1024, "10.0.0.1", false);
        Map<String, String> labels = new HashMap<>(notice.labels());
        labels.put("path", "日志目录".repeat(600));
        Notice huge = new Notice(notice.status(), labels, notice.annotations(), notice.startsAt(), null,
                notice.generatorUrl(), notice.fingerprint());
        Notification notification = SampleNotices.firing(1);
        Notification one = new Notification(notification.receiver(), notification.groupKey(), notification.status(),
                notification.groupLabels(), notification.commonLabels(), notification.commonAnnotations(),
                notification.externalUrl(), List.of(huge), 0);

        Delivery delivery = receiver(robot.webhook(), "zh").deliver(one);

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        String text = content();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= 4096 && bytes > 4000, "bytes " + bytes);
        assertTrue(text.contains("日志目录…\n"), text);
        assertFalse(text.contains("\uFFFD"));
    }

    @Test
    void beyondTwentyAMinuteRetriesAtTheNextMinute() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);
        WeComReceiver receiver = receiver(robot.webhook(), null);
        assertEquals(20, receiver.limit().perMinute());
        clock.set(Instant.parse("2026-12-04T13:50:00Z"));
        for (int i = 0; i < 20; i++) {
            assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
        }
        clock.set(Instant.parse("2026-12-04T13:50:15Z"));

        Delivery throttled = receiver.deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.RETRY, "45009: api freq out of limit", Duration.ofSeconds(45)), throttled);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
    }

    @Test
    void aGatewaySheddingLoadIsRetriedAfterTheTimeItAsks() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);
        robot.failWith(429, "30");

        Delivery delivery = receiver(robot.webhook(), null).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.RETRY, delivery.outcome());
        assertEquals(Duration.ofSeconds(30), delivery.retryAfter());
    }

    @Test
    void anUnknownKeyFailsWithWeComsMessageWithoutTheKey() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);
        String wrongKey = "00000000-0000-0000-0000-000000000000";

        WeComReceiver receiver = receiver(robot.base() + "/cgi-bin/webhook/send?key=" + wrongKey, null);
        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome());
        assertTrue(delivery.answer().startsWith("93000: invalid webhook url, hint: "), delivery.answer());
        assertFalse(receiver.toString().contains(wrongKey), receiver.toString());
    }

    @Test
    void aGatewayErrorOrNoAnswerIsRetried() throws IOException {
        robot = new FakeWeComRobot(KEY, clock);
        robot.failWith(503);
        assertEquals(Delivery.Outcome.RETRY, receiver(robot.webhook(), null).deliver(SampleNotices.firing(1)).outcome());
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        Delivery refused = receiver("http://127.0.0.1:" + port + "/cgi-bin/webhook/send?key=" + KEY, null)
                .deliver(SampleNotices.firing(1));
        assertEquals(Delivery.Outcome.RETRY, refused.outcome());
        assertFalse(refused.answer().contains(KEY), refused.answer());
    }

    @Test
    void rejectsAnAddressWithoutItsKey() {
        InvalidReceiverException noKey = assertThrows(InvalidReceiverException.class,
                () -> receiver("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", null));
        assertEquals("url: has no key=…: copy the robot's whole Webhook address", noKey.getMessage());
        assertEquals("url", assertThrows(InvalidReceiverException.class,
                () -> receiver("ftp://qyapi.weixin.qq.com/?key=1", null)).field());
    }
}
