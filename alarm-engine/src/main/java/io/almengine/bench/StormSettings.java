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
 */
public record StormSettings(int clients, int ports, int perMinute, Duration watermarkInterval, Duration timeout,
                            int warmUpClients) {

    /**
     * A fresh engine's first raises run on code not yet compiled: without a warm-up, 2,000 clients
     * measured 2.2 s p99 lateness instead of 0.9 s.
     */
    public static final int WARM_UP_CLIENTS = 2_000;

    /** A probe's cadence: one watermark per sample, every second. */
    public static final Duration WATERMARK_INTERVAL = Duration.ofSeconds(1);

    /** Server ports are numbered host by host, 250 to a host's last octet (see {@link StormFleet}). */
    static final int MAX_PORTS = 1_000;

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
        if (warmUpClients < 1) {
            throw new IllegalArgumentException("--storm-warm-up must be at least 1, not " + warmUpClients);
        }
    }
}
