package io.almengine.notify.robot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Feishu's custom bot endpoint ({@code POST /open-apis/bot/v2/hook/<id>}) as it checks a request,
 * answering with Feishu's real bodies: an unknown hook, a {@code sign} that is not
 * Base64(HMAC-SHA256(key = timestamp + "\n" + secret, data = empty)) or a {@code timestamp} (seconds)
 * more than an hour from its clock, more than 100 messages a minute or 5 a second.
 */
final class FakeFeishuBot extends FakeRobotService {

    static final String TOKEN_INVALID = "{\"code\":19001,\"data\":{},\"msg\":\"param invalid: incoming webhook access token invalid\"}";
    static final String SIGN_FAIL = "{\"code\":19021,\"data\":{},\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";
    static final String TOO_FAST = "{\"code\":11232,\"data\":{},\"msg\":\"frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]\"}";

    private final String hook;
    private final String secret;

    FakeFeishuBot(String hook, String secret, Clock clock) throws IOException {
        super(clock);
        this.hook = hook;
        this.secret = secret;
    }

    String webhook() {
        return base() + "/open-apis/bot/v2/hook/" + hook;
    }

    @Override
    protected String check(String path, Map<String, String> query, JsonNode body, byte[] raw) {
        if (!path.equals("/open-apis/bot/v2/hook/" + hook)) {
            return TOKEN_INVALID;
        }
        if (secret != null && !signed(body)) {
            return SIGN_FAIL;
        }
        String type = body.path("msg_type").asText();
        boolean card = type.equals("interactive") && body.path("card").isObject();
        boolean text = type.equals("text") && body.path("content").path("text").isTextual();
        if (!card && !text) {
            throw new AssertionError("not a Feishu card or text message: " + body);
        }
        if (beyond(5, Duration.ofSeconds(1)) || beyond(100, Duration.ofMinutes(1))) {
            return TOO_FAST;
        }
        return null;
    }

    private boolean signed(JsonNode body) {
        String timestamp = body.path("timestamp").asText(null);
        String sign = body.path("sign").asText(null);
        if (timestamp == null || sign == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(seconds - clock.millis() / 1000) > Duration.ofHours(1).toSeconds()) {
            return false;
        }
        return hmacBase64((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]).equals(sign);
    }

    @Override
    protected String success() {
        return "{\"StatusCode\":0,\"StatusMessage\":\"success\",\"code\":0,\"data\":{},\"msg\":\"success\"}";
    }
}
