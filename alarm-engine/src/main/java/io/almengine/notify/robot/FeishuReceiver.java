package io.almengine.notify.robot;

import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notification;
import io.almengine.notify.Receiver;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import io.almengine.notify.message.Digest;
import io.almengine.notify.message.MessageStyle;
import io.almengine.notify.message.PlainText;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Feishu (飞书) custom bot ({@code feishu} receiver): a message card (or plain text) to
 * {@code https://open.feishu.cn/open-apis/bot/v2/hook/…}. With a {@code secret} (its "签名校验"
 * setting) the JSON body carries {@code timestamp} (seconds) and {@code sign} =
 * Base64(HMAC-SHA256 with key = timestamp + "\n" + secret over empty data), as Feishu documents it:
 * the reverse of DingTalk's key and data.
 */
public final class FeishuReceiver implements Receiver {

    /** 100 messages a minute and 5 a second per bot. */
    public static final SendLimit LIMIT = new SendLimit(100, 5, Duration.ZERO);

    /** Our own ceiling for a card's text, to keep a storm's card readable and its request small. */
    static final int MAX_BYTES = 16_000;

    /** "frequency limited". */
    static final long THROTTLED = 11232;

    private enum Kind { CARD, TEXT }

    private final String name;
    private final URI url;
    private final String secret;
    private final Kind kind;
    private final MessageStyle style;
    private final Clock clock;
    private final RobotPost post;

    private FeishuReceiver(String name, URI url, String secret, Kind kind, MessageStyle style, HttpClient http, Duration timeout, Clock clock) {
        this.name = name;
        this.url = url;
        this.secret = secret;
        this.kind = kind;
        this.style = style;
        this.clock = clock;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String hook = path.substring(path.lastIndexOf('/') + 1);
        this.post = new RobotPost(http, timeout, List.of(hook, secret == null ? "" : secret));
    }

    /**
     * Fields: {@code url} (the bot's whole Webhook address), optional {@code secret},
     * {@code messageType} ({@code card}, the default, or {@code text}), {@code language}, {@code timeZone}.
     */
    public static FeishuReceiver of(ReceiverSpec spec, HttpClient http, Clock clock) {
        URI url = RobotPost.webhook(spec.required("url"));
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith("/") || !path.contains("/hook/")) {
            throw new InvalidReceiverException("url", "has no …/hook/<id>: copy the bot's whole Webhook address");
        }
        String type = spec.optional("messageType", "card").toLowerCase(Locale.ROOT);
        Kind kind = switch (type) {
            case "card" -> Kind.CARD;
            case "text" -> Kind.TEXT;
            default -> throw new InvalidReceiverException("messageType", "must be card or text, not '" + type + "'");
        };
        return new FeishuReceiver(spec.name(), url, spec.optional("secret", null), kind, MessageStyle.of(spec), http, RobotPost.timeout(spec), clock);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendLimit limit() {
        return LIMIT;
    }

    @Override
    public Delivery deliver(Notification notification) {
        Digest digest = Digest.of(notification, style);
        Map<String, Object> body = new LinkedHashMap<>();
        if (secret != null) {
            long timestamp = clock.millis() / 1000;
            body.put("timestamp", Long.toString(timestamp));
            body.put("sign", sign(timestamp, secret));
        }
        if (kind == Kind.CARD) {
            body.put("msg_type", "interactive");
            body.put("card", Map.of(
                    "config", Map.of("wide_screen_mode", true),
                    "header", Map.of(
                            "title", Map.of("tag", "plain_text", "content", digest.subject()),
                            "template", notification.status() == Notification.Status.FIRING ? "red" : "green"),
                    "elements", List.of(Map.of("tag", "div",
                            "text", Map.of("tag", "lark_md", "content", Markdown.render(digest, false, MAX_BYTES))))));
        } else {
            body.put("msg_type", "text");
            body.put("content", Map.of("text", PlainText.render(digest, MAX_BYTES)));
        }
        return post.send(url, body, answer -> {
            // Feishu answers {"code":0,"msg":"success"}; older deployments {"StatusCode":0,…}.
            String field = answer.has("code") ? "code" : "StatusCode";
            long code = RobotPost.code(answer, field);
            String said = post.answer(code, RobotPost.text(answer, answer.has("msg") ? "msg" : "StatusMessage"));
            if (code == 0) {
                return Delivery.sent(said);
            }
            if (code == THROTTLED) {
                return Delivery.retry(said, RobotPost.untilNextMinute(clock));
            }
            return Delivery.failed(said);
        });
    }

    /** Base64(HMAC-SHA256(key = timestamp + "\n" + secret, data = nothing)). */
    static String sign(long timestampSeconds, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            String key = timestampSeconds + "\n" + secret;
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(new byte[0]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "FeishuReceiver[name=" + name + ", host=" + url.getHost() + ", signed=" + (secret != null) + "]";
    }
}
