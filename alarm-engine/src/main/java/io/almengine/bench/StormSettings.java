package io.almengine.bench;

import java.time.Duration;

/**
 * What {@code bench --storm N} does besides the settings it shares with the rest of the bench
 * (threshold, partitions, threads, allowed lateness, folders).
 *
 * @param clients           clients that disconnect together
 * @param ports             Flume server ports the clients are spread over, round robin
 * @param perMinute         the webhook receiver's rate limit, messages a minute
 * @param watermarkInterval how often each server port's reporter sends a watermark, as a probe does
 *                          after each sample
 * @param timeout           how long the storm may take until every alarm is raised
 * @param warmUpClients     clients of the warm-up storm before it (at most {@code clients})
 * @param consoles          consoles open during the storm, each asking for the alarm list's first page
 *                          {@link #CONSOLE_RELOADS_PER_SECOND} times a second; 0: one request after the
 *                          other, as fast as they are answered
 */
public record StormSettings(int clients, int ports, int perMinute, Duration watermarkInterval, Duration timeout,
                            int warmUpClients, int consoles) {

    /**
     * A fresh engine's first raises run on code not yet compiled: without a warm-up, 2,000 clients
     * measured 2.2 s p99 lateness instead of 0.9 s.
     */
    public static final int WARM_UP_CLIENTS = 2_000;

    /**
     * The console reloads the page it shows at most every 500 ms while alarm changes stream in
     * ({@code app.js}), which during a storm is all the time.
     */
    public static final int CONSOLE_RELOADS_PER_SECOND = 2;

    /** Ten operators watching the list while the storm comes in: 20 first pages a second. */
    public static final int CONSOLES = 10;

    /** A probe's cadence: one watermark per sample, every second. */
    public static final Duration WATERMARK_INTERVAL = Duration.ofSeconds(1);

    /** Server ports are numbered host by host, 250 to a host's last octet (see {@link StormFleet}). */
    static final int MAX_PORTS = 1_000;

    /** How long after one first-page request the next starts; zero: at once. */
    Duration requestInterval() {
        return consoles == 0 ? Duration.ZERO : Duration.ofNanos(1_000_000_000L / ((long) consoles * CONSOLE_RELOADS_PER_SECOND));
    }

    public StormSettings {
        if (clients < 1) {
            throw new IllegalArgumentException("--storm must be at least 1, not " + clients);
        }
        if (ports < 1 || ports > Math.min(MAX_PORTS, clients)) {
            throw new IllegalArgumentException("--storm-ports must be from 1 to " + Math.min(MAX_PORTS, clients)
                    + " (at most --storm clients), not " + ports);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("--storm-per-minute must be at least 1, not " + perMinute);
        }
        if (watermarkInterval.isNegative() || watermarkInterval.isZero()) {
            throw new IllegalArgumentException("--watermark-interval must be positive, not " + watermarkInterval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--storm-timeout must be positive, not " + timeout);
        }
        if (consoles < 0) {
            throw new IllegalArgumentException("--storm-consoles must not be negative, not " + consoles);
        }
        if (warmUpClients < 1) {
            throw new IllegalArgumentException("--storm-warm-up must be at least 1, not " + warmUpClients);
        }
    }
}
