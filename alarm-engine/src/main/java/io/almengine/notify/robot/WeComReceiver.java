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
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A WeCom (企业微信) group robot ({@code wecom} receiver): a markdown message to
 * {@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…}, its content at most 4096 bytes of
 * UTF-8 (WeCom refuses more with errcode 40058).
 */
public final class WeComReceiver implements Receiver {

    /** 20 messages a minute per robot; WeCom states no blocking time beyond it. */
    public static final SendLimit LIMIT = new SendLimit(20, 0, Duration.ZERO);

    static final int MAX_BYTES = 4096;

    /** "api freq out of limit". */
    static final long THROTTLED = 45009;

    private final String name;
    private final URI url;
    private final MessageStyle style;
    private final Clock clock;
    private final RobotPost post;

    private WeComReceiver(String name, URI url, MessageStyle style, HttpClient http, Duration timeout, Clock clock) {
        this.name = name;
        this.url = url;
        this.style = style;
        this.clock = clock;
        this.post = new RobotPost(http, timeout, List.of(RobotPost.queryValue(url, "key")));
    }

    /** Fields: {@code url} (the robot's whole Webhook address), {@code language}, {@code timeZone}. */
    public static WeComReceiver of(ReceiverSpec spec, HttpClient http, Clock clock) {
        URI url = RobotPost.webhook(spec.required("url"));
        String key = RobotPost.queryValue(url, "key");
        if (key == null || key.isEmpty()) {
            throw new InvalidReceiverException("url", "has no key=…: copy the robot's whole Webhook address");
        }
        return new WeComReceiver(spec.name(), url, MessageStyle.of(spec), http, RobotPost.timeout(spec), clock);
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
        String content = Markdown.render(Digest.of(notification, style), true, MAX_BYTES);
        Map<String, Object> body = Map.of("msgtype", "markdown", "markdown", Map.of("content", content));
        return post.send(url, body, answer -> {
            long code = RobotPost.code(answer, "errcode");
            String said = post.answer(code, RobotPost.text(answer, "errmsg"));
            if (code == 0) {
                return Delivery.sent(said);
            }
            if (code == THROTTLED) {
                // The limit is per minute: the next minute has room again.
                return Delivery.retry(said, RobotPost.untilNextMinute(clock));
            }
            return Delivery.failed(said);
        });
    }

    @Override
    public String toString() {
        return "WeComReceiver[name=" + name + ", host=" + url.getHost() + "]";
    }
}
