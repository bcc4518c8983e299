package io.almengine.notify.robot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.notify.SampleNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import io.almengine.testing.MutableClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeishuReceiverTest {

    private static final String HOOK = "b43e7bea-88fd-436e-9c1d-2f4a6b8c0d1e";
    private static final String SECRET = "mQ9fT2xLr8Vb3Kp1Zs7Hn4";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FakeFeishuBot bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private FeishuReceiver receiver(String url, Map<String, String> more) {
        Map<String, String> fields = new HashMap<>(more);
        fields.put("url", url);
        return FeishuReceiver.of(new ReceiverSpec("ops-feishu", "feishu", fields), http, clock);
    }

    @Test
    void sendsACardNamingTheAlarmInEnglish() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);

        Delivery delivery = receiver(bot.webhook(), Map.of()).deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.SENT, "0: success", null), delivery);
        JsonNode card = bot.last().get("card");
        assertEquals("interactive", bot.last().get("msg_type").asText());
        assertEquals("[FIRING:1] ALM-24003 Flume Client connection interrupted", card.at("/header/title/content").asText());
        assertEquals("red", card.at("/header/template").asText());
        String text = card.at("/elements/0/text/content").asText();
        assertEquals("lark_md", card.at("/elements/0/text/tag").asText());
        assertTrue(text.contains("**[Major] ALM-24003 Flume Client connection interrupted**"), text);
        assertTrue(text.contains("Occurred: 2026-12-04 13:47:37 UTC") && text.contains("Serial: 1024"), text);
    }

    @Test
    void sendsChineseTextWhenAskedAndARecoveryInGreen() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);

        receiver(bot.webhook(), Map.of("language", "zh", "messageType", "text")).deliver(SampleNotices.firing(1));
        String text = bot.last().at("/content/text").asText();
        assertTrue(text.startsWith("[告警:1] ALM-24003 Flume客户端连接中断\n"), text);
        assertFalse(text.contains("**"), text);
        assertTrue(text.contains("参数: clientIp=10.0.0.1, source=flume-01"), text);

        receiver(bot.webhook(), Map.of("language", "zh")).deliver(SampleNotices.group(1, 0, true));
        assertEquals("green", bot.last().at("/card/header/template").asText());
        assertEquals("[已恢复:1] ALM-24003 Flume客户端连接中断", bot.last().at("/card/header/title/content").asText());
    }

    @Test
    void aStormAsTextStaysWithinTheCapCountingTheRest() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);

        receiver(bot.webhook(), Map.of("messageType", "text")).deliver(SampleNotices.group(2000, 0, false));

        String text = bot.last().at("/content/text").asText();
        assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= FeishuReceiver.MAX_BYTES);
        int listed = text.split("\n- \\[Major\\] ALM-24003 #", -1).length - 1;
        java.util.regex.Matcher more = java.util.regex.Pattern.compile("\n(\\d+) more alarms: https://alm.example.com/#/active\\?")
                .matcher(text);
        assertTrue(more.find(), text);
        assertEquals(2000, listed + Integer.parseInt(more.group(1)));
    }

    @Test
    void signsTheBodyAsFeishuChecksIt() throws IOException {
        bot = new FakeFeishuBot(HOOK, SECRET, clock);

        Delivery delivery = receiver(bot.webhook(), Map.of("secret", SECRET)).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertEquals(Long.toString(clock.millis() / 1000), bot.last().get("timestamp").asText());
    }

    @Test
    void aWrongSecretOrAStaleTimestampFailsWithFeishusMessage() throws IOException {
        bot = new FakeFeishuBot(HOOK, SECRET, clock);
        String wrong = SECRET + "x";

        FeishuReceiver receiver = receiver(bot.webhook(), Map.of("secret", wrong));
        Delivery delivery = receiver.deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.FAILED,
                "19021: sign match fail or timestamp is not within one hour from current time", null), delivery);
        assertFalse(receiver.toString().contains(SECRET) || receiver.toString().contains(HOOK), receiver.toString());

        MutableClock stale = new MutableClock(clock.instant().minus(Duration.ofMinutes(61)));
        FeishuReceiver late = FeishuReceiver.of(new ReceiverSpec("ops", "feishu",
                Map.of("url", bot.webhook(), "secret", SECRET)), http, stale);
        assertEquals(Delivery.Outcome.FAILED, late.deliver(SampleNotices.firing(1)).outcome());
        assertTrue(bot.accepted().isEmpty());
    }

    @Test
    void anUnknownHookFailsWithFeishusMessage() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);

        Delivery delivery = receiver(bot.base() + "/open-apis/bot/v2/hook/00000000-dead-beef-0000-000000000000", Map.of())
                .deliver(SampleNotices.firing(1));

        assertEquals(new Delivery(Delivery.Outcome.FAILED,
                "19001: param invalid: incoming webhook access token invalid", null), delivery);
    }

    @Test
    void beyondFiveASecondIsThrottledAndRetried() throws IOException {
        bot = new FakeFeishuBot(HOOK, SECRET, clock);
        FeishuReceiver receiver = receiver(bot.webhook(), Map.of("secret", SECRET));
        assertEquals(new SendLimit(100, 5, Duration.ZERO), receiver.limit());
        clock.set(Instant.parse("2026-12-04T13:50:20Z"));
        for (int i = 0; i < 5; i++) {
            assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
        }

        Delivery throttled = receiver.deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.RETRY, throttled.outcome());
        assertEquals("11232: frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]", throttled.answer());
        assertEquals(Duration.ofSeconds(40), throttled.retryAfter());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome());
    }

    @Test
    void beyondAHundredAMinuteIsThrottled() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);
        FeishuReceiver receiver = receiver(bot.webhook(), Map.of());
        clock.set(Instant.parse("2026-12-04T13:50:00Z"));
        for (int i = 0; i < 100; i++) {
            assertEquals(Delivery.Outcome.SENT, receiver.deliver(SampleNotices.firing(1)).outcome(), "send " + i);
            clock.advance(Duration.ofMillis(500));
        }

        assertEquals(Delivery.Outcome.RETRY, receiver.deliver(SampleNotices.firing(1)).outcome());
    }

    @Test
    void aGatewayErrorOrNoAnswerIsRetried() throws IOException {
        bot = new FakeFeishuBot(HOOK, null, clock);
        bot.failWith(500);
        assertEquals(Delivery.Outcome.RETRY, receiver(bot.webhook(), Map.of()).deliver(SampleNotices.firing(1)).outcome());
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        assertEquals(Delivery.Outcome.RETRY, receiver("http://127.0.0.1:" + port + "/open-apis/bot/v2/hook/" + HOOK, Map.of())
                .deliver(SampleNotices.firing(1)).outcome());
    }

    @Test
    void rejectsFieldsThatCannotWorkNamingTheField() {
        assertEquals("url", assertThrows(InvalidReceiverException.class,
                () -> receiver("https://open.feishu.cn/open-apis/bot/v2/", Map.of())).field());
        assertEquals("messageType", assertThrows(InvalidReceiverException.class,
                () -> receiver("https://open.feishu.cn/open-apis/bot/v2/hook/x", Map.of("messageType", "post"))).field());
    }
}
