package io.almengine.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When a receiver was last sent to, by the engine clock, to keep within its {@link SendLimit} in
 * every sliding minute and second. A margin is added to both windows: the limit is the service's,
 * counted at its end, and a message reaches it a little after it is handed over.
 */
public record SendWindow(List<Instant> sends) {

    static final Duration MINUTE = Duration.ofMinutes(1).plusSeconds(1);
    static final Duration SECOND = Duration.ofMillis(1100);

    public SendWindow {
        sends = List.copyOf(sends);
    }

    public static final SendWindow EMPTY = new SendWindow(List.of());

    /** How many more messages may go now; {@link Integer#MAX_VALUE} when the receiver has no limit. */
    public int remaining(Instant now, SendLimit limit) {
        int left = Integer.MAX_VALUE;
        if (limit.perMinute() > 0) {
            left = Math.min(left, limit.perMinute() - count(now, MINUTE));
        }
        if (limit.perSecond() > 0) {
            left = Math.min(left, limit.perSecond() - count(now, SECOND));
        }
        return Math.max(0, left);
    }

    /** How many more may go in the minute: the per-minute limit only (a per-second limit only delays). */
    public int remainingInMinute(Instant now, SendLimit limit) {
        return limit.perMinute() <= 0 ? Integer.MAX_VALUE : Math.max(0, limit.perMinute() - count(now, MINUTE));
    }

    public SendWindow sent(Instant at) {
        var next = new ArrayList<Instant>();
        for (Instant s : sends) {
            if (s.isAfter(at.minus(MINUTE))) {
                next.add(s);
            }
        }
        next.add(at);
        return new SendWindow(next);
    }

    private int count(Instant now, Duration window) {
        Instant from = now.minus(window);
        return (int) sends.stream().filter(s -> s.isAfter(from)).count();
    }
}
