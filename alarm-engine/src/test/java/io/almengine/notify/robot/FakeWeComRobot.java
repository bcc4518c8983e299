package io.almengine.notify.robot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * WeCom's group robot endpoint ({@code POST /cgi-bin/webhook/send?key=…}) as it checks a request,
 * answering with WeCom's real bodies: an unknown key, markdown content over 4096 bytes, more than
 * 20 messages in a minute.
 */
final class FakeWeComRobot extends FakeRobotService {

    static final String INVALID_KEY = "{\"errcode\":93000,\"errmsg\":\"invalid webhook url, hint: [1733320000123456789012345],"
            + " from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=93000\"}";
    static final String TOO_LONG = "{\"errcode\":40058,\"errmsg\":\"markdown.content exceed max length 4096. invalid Request"
            + " Parameter, hint: [1733320000123456789012346], from ip: 127.0.0.1, more info at"
            + " https://open.work.weixin.qq.com/devtool/query?e=40058\"}";
    static final String TOO_FAST = "{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}";

    private final String key;

    FakeWeComRobot(String key, Clock clock) throws IOException {
        super(clock);
        this.key = key;
    }

    String webhook() {
        return base() + "/cgi-bin/webhook/send?key=" + key;
    }

    @Override
    protected String check(String path, Map<String, String> query, JsonNode body, byte[] raw) {
        if (!path.equals("/cgi-bin/webhook/send") || !key.equals(query.get("key"))) {
            return INVALID_KEY;
        }
        JsonNode content = body.path("markdown").path("content");
        if (!"markdown".equals(body.path("msgtype").asText()) || !content.isTextual()) {
            throw new AssertionError("not a WeCom markdown message: " + body);
        }
        if (content.asText().getBytes(StandardCharsets.UTF_8).length > 4096) {
            return TOO_LONG;
        }
        if (beyond(20, Duration.ofMinutes(1))) {
            return TOO_FAST;
        }
        return null;
    }

    @Override
    protected String success() {
        return "{\"errcode\":0,\"errmsg\":\"ok\"}";
    }
}
