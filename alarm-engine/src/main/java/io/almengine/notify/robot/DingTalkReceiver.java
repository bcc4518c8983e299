package io.almengine.notify.robot;

import io.almengine.notify.Delivery;
import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.Notification;
import io.almengine.notify.Receiver;
import io.almengine.notify.ReceiverSpec;
import io.almengine.notify.SendLimit;
import io.almengine.notify.message.Digest;
import io.almengine.notify.message.MessageStyle;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DingTalk custom robot ({@code dingtalk} receiver): a markdown message to
 * {@code https://oapi.dingtalk.com/robot/send?access_token=…}. With a {@code secret} (the robot's
 * "加签" security setting) each request carries {@code timestamp} (ms) and {@code sign} =
 * URL-encoded Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)) on the URL, as
 * DingTalk checks it (within an hour of its clock).
 */
public final class DingTalkReceiver implements Receiver {

    /** 20 messages a minute per robot; beyond it DingTalk blocks the robot for 10 minutes. */
    public static final SendLimit LIMIT = new SendLimit(20, 0, Duration.ofMinutes(10));

    /** DingTalk refuses longer messages (errcode 460101, "message too long, exceed 20000 bytes"). */
    static final int MAX_BYTES = 20_000;

    /** "send too fast, exceed 20 times per minute". */
    static final long THROTTLED = 130101;

    private final String name;
    private final URI url;
    private final String secret;
    private final MessageStyle style;
    private final Clock clock;
    private final RobotPost post;

    private DingTalkReceiver(String name, URI url, String secret, MessageStyle style, HttpClient http, Duration timeout, Clock clock) {
        this.name = name;
        this.url = url;
        this.secret = secret;
        this.style = style;
        this.clock = clock;
        this.post = new RobotPost(http, timeout, List.of(RobotPost.queryValue(url, "access_token"), secret == null ? "" : secret));
    }

    /** Fields: {@code url} (the robot's whole Webhook address), optional {@code secret}, {@code language}, {@code timeZone}. */
    public static DingTalkReceiver of(ReceiverSpec spec, HttpClient http, Clock clock) {
        URI url = RobotPost.webhook(spec.required("url"));
        String token = RobotPost.queryValue(url, "access_token");
        if (token == null || token.isEmpty()) {
            throw new InvalidReceiverException("url", "has no access_token=…: copy the robot's whole Webhook address");
        }
        String secret = spec.optional("secret", null);
        return new DingTalkReceiver(spec.name(), url, secret, MessageStyle.of(spec), http, RobotPost.timeout(spec), clock);
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
        // The title is what a phone shows in its notification; the limit counts title and text.
        String title = Markdown.cut(digest.subject(), 200);
        String text = Markdown.render(digest, true, MAX_BYTES - Markdown.bytes(title));
        Map<String, Object> body = Map.of("msgtype", "markdown", "markdown", Map.of("title", title, "text", text));
        return post.send(signed(), body, answer -> {
            long code = RobotPost.code(answer, "errcode");
            String said = post.answer(code, RobotPost.text(answer, "errmsg"));
            if (code == 0) {
                return Delivery.sent(said);
            }
            if (code == THROTTLED) {
                return Delivery.retry(said, LIMIT.blockedFor());
            }
            return Delivery.failed(said);
        });
    }

    private URI signed() {
        if (secret == null) {
            return url;
        }
        long timestamp = clock.millis();
        String sign = URLEncoder.encode(sign(timestamp, secret), StandardCharsets.UTF_8);
        return URI.create(url + "&timestamp=" + timestamp + "&sign=" + sign);
    }

    /** Base64(HMAC-SHA256(key = secret, data = timestamp + "\n" + secret)), before URL encoding. */
    static String sign(long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "DingTalkReceiver[name=" + name + ", host=" + url.getHost() + ", signed=" + (secret != null) + "]";
    }
}
