package io.almengine.notify;

import java.time.Duration;

/**
 * A service's documented rate limit for one robot or endpoint: at most {@code perMinute} messages in
 * any minute and {@code perSecond} in any second (0: no such limit), and how long the service blocks
 * a sender that goes beyond it.
 */
public record SendLimit(int perMinute, int perSecond, Duration blockedFor) {

    public static final SendLimit NONE = new SendLimit(0, 0, Duration.ZERO);
}
