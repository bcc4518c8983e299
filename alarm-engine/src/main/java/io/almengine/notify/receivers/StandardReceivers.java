package io.almengine.notify.receivers;

import io.almengine.notify.ReceiverTypes;
import io.almengine.notify.email.EmailReceiver;
import io.almengine.notify.northbound.SnmpReceiver;
import io.almengine.notify.northbound.SyslogReceiver;
import io.almengine.notify.robot.DingTalkReceiver;
import io.almengine.notify.robot.FeishuReceiver;
import io.almengine.notify.robot.WeComReceiver;
import io.almengine.notify.webhook.WebhookReceiver;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Every receiver type {@code notifications.yaml} may name, as the engine and {@code validate} load them. */
public final class StandardReceivers {

    private StandardReceivers() {
    }

    /** The robots share one HTTP client (its connection pool); each sets its own request timeout. */
    public static ReceiverTypes all(Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return ReceiverTypes.none()
                .with(WebhookReceiver.TYPE, WebhookReceiver::of)
                .with("dingtalk", spec -> DingTalkReceiver.of(spec, http, clock))
                .with("wecom", spec -> WeComReceiver.of(spec, http, clock))
                .with("feishu", spec -> FeishuReceiver.of(spec, http, clock))
                .with("email", spec -> EmailReceiver.of(spec, clock))
                .with("syslog", spec -> SyslogReceiver.of(spec, clock))
                .with("snmp", spec -> SnmpReceiver.of(spec, clock));
    }
}
