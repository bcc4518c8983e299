package io.almengine.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying a message again: exponential from {@code first} up to {@code max},
 * with jitter (half to all of it, so receivers that failed together do not retry together), unless
 * the service said how long.
 */
public record Backoff(Duration first, Duration max) {

    public Duration after(int attempts, Duration asked) {
        if (asked != null && !asked.isNegative()) {
            return asked;
        }
        long base = first.toMillis() << Math.min(Math.max(attempts - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
