package io.almengine.notify.robot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * DingTalk's custom robot endpoint ({@code POST /robot/send?access_token=…}) as it checks a request,
 * answering with DingTalk's real bodies: an unknown token, a sign that is not
 * Base64(HMAC-SHA256(secret, timestamp + "\n" + secret)) or a timestamp more than an hour from its
 * clock, a message over 20000 bytes, more than 20 messages in a minute (then 10 minutes blocked).
 */
final class FakeDingTalkRobot extends FakeRobotService {

    static final String TOKEN_NOT_EXIST = "{\"errcode\":300001,\"errmsg\":\"token is not exist\"}";
    static final String SIGN_NOT_MATCH = "{\"errcode\":310000,\"errmsg\":\"description:机器人发送签名不匹配;"
            + "solution:请确认签名和生成签名的时间戳必须都放在调用的网址中，请确认机器人的密钥加密和填写正确;"
            + "link:请参考本接口对应文档获得具体要求，或者在https://open.dingtalk.com/document/  搜索相关文档;\"}";
    static final String TOO_LONG = "{\"errcode\":460101,\"errmsg\":\"message too long, exceed 20000 bytes\"}";
    static final String TOO_FAST = "{\"errcode\":130101,\"errmsg\":\"send too fast, exceed 20 times per minute\"}";

    private final String token;
    private final String secret;
    private volatile Instant blockedUntil = Instant.MIN;

    FakeDingTalkRobot(String token, String secret, Clock clock) throws IOException {
        super(clock);
        this.token = token;
        this.secret = secret;
    }

    String webhook() {
        return base() + "/robot/send?access_token=" + token;
    }

    @Override
    protected String check(String path, Map<String, String> query, JsonNode body, byte[] raw) {
        if (!path.equals("/robot/send") || !token.equals(query.get("access_token"))) {
            return TOKEN_NOT_EXIST;
        }
        if (secret != null && !signed(query)) {
            return SIGN_NOT_MATCH;
        }
        JsonNode markdown = body.path("markdown");
        if (!"markdown".equals(body.path("msgtype").asText()) || !markdown.hasNonNull("title") || !markdown.hasNonNull("text")) {
            throw new AssertionError("not a DingTalk markdown message: " + body);
        }
        int size = markdown.get("title").asText().getBytes(StandardCharsets.UTF_8).length
                + markdown.get("text").asText().getBytes(StandardCharsets.UTF_8).length;
        if (size > 20_000) {
            return TOO_LONG;
        }
        if (clock.instant().isBefore(blockedUntil)) {
            return TOO_FAST;
        }
        if (beyond(20, Duration.ofMinutes(1))) {
            blockedUntil = clock.instant().plus(Duration.ofMinutes(10));
            return TOO_FAST;
        }
        return null;
    }

    private boolean signed(Map<String, String> query) {
        String timestamp = query.get("timestamp");
        String sign = query.get("sign");
        if (timestamp == null || sign == null) {
            return false;
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(millis - clock.millis()) > Duration.ofHours(1).toMillis()) {
            return false;
        }
        String expected = hmacBase64(secret.getBytes(StandardCharsets.UTF_8),
                (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return expected.equals(sign);
    }

    @Override
    protected String success() {
        return "{\"errcode\":0,\"errmsg\":\"ok\"}";
    }
}
