package io.almengine.bench;

import java.util.Collection;

/** Percentiles of a set of latencies in milliseconds (nearest rank); NaN when nothing was measured. */
record Latencies(int count, double p50Ms, double p99Ms, double maxMs) {

    static Latencies of(Collection<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Latencies(0, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latencies(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
