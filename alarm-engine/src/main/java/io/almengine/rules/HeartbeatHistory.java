package io.almengine.rules;

import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.definition.AlarmDefinition.Intervals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What detection remembers of one connection's heartbeats, in constant space whatever the rate:
 * the newest heartbeat, the times of the few reports before it (as many as the definition's
 * {@code heartbeats.reportTimes}), and running statistics of the gaps between heartbeats.
 * A heartbeat is any event saying the client was connected ({@code HEARTBEAT} or {@code CONNECTED})
 * that is newer than everything seen: a duplicate or late event is never counted twice.
 *
 * @param last          the newest heartbeat's event time, exact
 * @param earlierMillis the reports before {@code last}, newest first, as epoch milliseconds rounded
 *                      up (a report stays in a window at most a millisecond longer, never shorter,
 *                      so a count can confirm an outage late by that millisecond but never early)
 * @param gaps          gap statistics, when the definition asks for them ({@code null} otherwise)
 */
public record HeartbeatHistory(Instant last, List<Long> earlierMillis, Gaps gaps) {

    public HeartbeatHistory {
        earlierMillis = earlierMillis == null ? List.of() : List.copyOf(earlierMillis);
    }

    /** Detection's: the history of a connection's first heartbeat, at {@code at}. */
    public static HeartbeatHistory first(Instant at, Heartbeats spec) {
        return new HeartbeatHistory(at, List.of(), spec.intervals() == null ? null : Gaps.seeded(spec.intervals()));
    }

    /**
     * Detection's: the history after a heartbeat at {@code at}, which the caller guarantees is
     * newer than {@link #last}.
     */
    public HeartbeatHistory beat(Instant at, Heartbeats spec) {
        int keep = spec.reportTimes() == null ? 1 : spec.reportTimes();
        var earlier = new ArrayList<Long>(Math.min(keep, earlierMillis.size() + 1));
        if (keep > 1) {
            earlier.add(ceilMillis(last));
            for (int i = 0; i < earlierMillis.size() && earlier.size() < keep - 1; i++) {
                earlier.add(earlierMillis.get(i));
            }
        }
        Gaps next = gaps;
        Intervals intervals = spec.intervals();
        if (intervals != null) {
            Duration gap = Duration.between(last, at);
            next = gaps == null ? Gaps.seeded(intervals) : gaps;
            if (intervals.maxGap() == null || gap.compareTo(intervals.maxGap()) <= 0) {
                next = next.add(seconds(gap), intervals.window());
            }
        }
        return new HeartbeatHistory(at, earlier, next);
    }

    /** Reports later than {@code cutoff} (so within a window ending now: {@code cutoff = now - window}), up to the kept number. */
    public int reportsAfter(Instant cutoff) {
        if (!last.isAfter(cutoff)) {
            return 0;
        }
        int count = 1;
        for (long at : earlierMillis) {
            if (!Instant.ofEpochMilli(at).isAfter(cutoff)) {
                break;
            }
            count++;
        }
        return count;
    }

    /**
     * From when on, with no further report, fewer than {@code n} reports lie in a window of
     * {@code window} ending at that moment: the n-th newest report plus the window (a report is
     * in the window while it is younger than the window). When fewer than {@code n} reports are
     * known, that has held all along; the answer is then {@link #last}.
     */
    public Instant fewerThanFrom(int n, Duration window) {
        if (n <= 1) {
            return n == 1 ? last.plus(window) : last;
        }
        if (earlierMillis.size() < n - 1) {
            return last;
        }
        return Instant.ofEpochMilli(earlierMillis.get(n - 2)).plus(window);
    }

    /** How many reports are known: the newest and the kept earlier ones. */
    public int reportsKept() {
        return 1 + earlierMillis.size();
    }

    private static long ceilMillis(Instant at) {
        long ms = at.toEpochMilli();
        return at.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }

    static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * Mean and variance of the newest gaps in two blocks of {@code window/2}: a full older block
     * and the block being filled. When the newer block is full it becomes the older one and the
     * old one is dropped, so the statistics always cover the newest window/2 to window gaps,
     * exactly (Welford per block, Chan et al. to combine): six numbers instead of a thousand
     * samples per connection. Fluentd weighs its 1000 samples linearly towards the newest; a
     * steady agent has the same mean either way, a changed rhythm is followed somewhat slower here.
     * As in Fluentd, the window starts with one sample of the expected interval, so the first few
     * gaps (a burst of buffered heartbeats, say) cannot make the detector hair-triggered; it leaves
     * with the first block. Seconds throughout.
     */
    public record Gaps(long olderCount, double olderMean, double olderM2,
                       long recentCount, double recentMean, double recentM2) {

        static final Gaps NONE = new Gaps(0, 0, 0, 0, 0, 0);

        static Gaps seeded(Intervals intervals) {
            return NONE.add(seconds(intervals.expected()), intervals.window());
        }

        Gaps add(double gap, int window) {
            int block = Math.max(1, window / 2);
            long n = recentCount + 1;
            double delta = gap - recentMean;
            double mean = recentMean + delta / n;
            double m2 = recentM2 + delta * (gap - mean);
            if (n >= block) {
                return new Gaps(n, mean, m2, 0, 0, 0);
            }
            return new Gaps(olderCount, olderMean, olderM2, n, mean, m2);
        }

        public long count() {
            return olderCount + recentCount;
        }

        public double mean() {
            long n = count();
            return n == 0 ? 0 : (olderMean * olderCount + recentMean * recentCount) / n;
        }

        /** Population variance of the covered gaps. */
        public double variance() {
            long n = count();
            if (n == 0) {
                return 0;
            }
            double delta = recentMean - olderMean;
            double m2 = olderM2 + recentM2 + delta * delta * olderCount * recentCount / n;
            return Math.max(0, m2 / n);
        }
    }
}
