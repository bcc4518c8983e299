package io.almengine.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the pipeline processes every partition this instance owns, and if not, why: what
 * {@code /api/health} reports. Kafka Streams' own state says RUNNING or REBALANCING while a stream
 * thread dies, is replaced and dies again with half the partitions unprocessed, so this also
 * follows the threads' failures.
 *
 * <p>A short rebalance is normal (an instance joins or leaves; this instance's other partitions
 * keep being processed) and stays UP; one that has not settled after {@code settle} is DOWN. After a
 * stream thread failed, health is DOWN until the pipeline has run steadily for {@code settle}: a
 * crash loop never gets that far.
 */
final class PipelineHealth implements KafkaStreams.StateListener {

    /** UP or DOWN, and why when DOWN. */
    record Verdict(boolean up, String reason) {
        static final Verdict UP = new Verdict(true, null);

        static Verdict down(String reason) {
            return new Verdict(false, reason);
        }
    }

    private static final int SHOWN_FAILURE_CHARS = 300;

    private final Duration settle;
    private final Duration failureWindow;
    private final LongSupplier nanoTime;
    private final Deque<Long> failures = new ArrayDeque<>();
    private KafkaStreams.State state = KafkaStreams.State.CREATED;
    private long stateSince;
    private boolean everRunning;
    private boolean recovering;
    private long lastFailureAt;
    private String lastFailure;

    /**
     * @param settle        how long a rebalance may take, and how long the pipeline must run after a thread failure,
     *                      before it counts as settled
     * @param failureWindow how far back thread failures are counted in the reason
     * @param nanoTime      the time source ({@link System#nanoTime} but in tests)
     */
    PipelineHealth(Duration settle, Duration failureWindow, LongSupplier nanoTime) {
        this.settle = settle;
        this.failureWindow = failureWindow;
        this.nanoTime = nanoTime;
        this.stateSince = nanoTime.getAsLong();
    }

    @Override
    public synchronized void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        state = newState;
        stateSince = nanoTime.getAsLong();
        everRunning |= newState == KafkaStreams.State.RUNNING;
    }

    /** A stream thread died (it is being replaced, or the pipeline stopped). */
    synchronized void threadFailed(Throwable failure) {
        lastFailureAt = nanoTime.getAsLong();
        failures.addLast(lastFailureAt);
        lastFailure = summary(failure);
        recovering = true;
    }

    /**
     * @param threadsAlive stream threads running or starting now
     * @param threads      stream threads the instance is configured with
     */
    synchronized Verdict assess(int threadsAlive, int threads) {
        long now = nanoTime.getAsLong();
        forgetOldFailures(now);
        String inState = state + " for " + seconds(now - stateSince);
        switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> {
                return Verdict.down("the pipeline has stopped (" + state + ")" + failuresSoFar(now));
            }
            default -> {
                // CREATED, REBALANCING, RUNNING: see below
            }
        }
        if (!everRunning) {
            return Verdict.down("the pipeline is starting: " + inState + failuresSoFar(now));
        }
        if (recovering && state == KafkaStreams.State.RUNNING && stateSince > lastFailureAt
                && now - stateSince >= settle.toNanos()) {
            recovering = false;
        }
        if (recovering) {
            return Verdict.down("recovering from stream thread failures (" + inState + ")" + failuresSoFar(now)
                    + "; UP after " + settle + " of steady running");
        }
        if (state == KafkaStreams.State.REBALANCING && now - stateSince >= settle.toNanos()) {
            return Verdict.down("partitions are not settled: " + inState + " (more than " + settle + ")");
        }
        if (threadsAlive < threads) {
            return Verdict.down("only " + threadsAlive + " of " + threads + " stream threads are alive");
        }
        return Verdict.UP;
    }

    /** Thread failures within the failure window. */
    synchronized int recentFailures() {
        forgetOldFailures(nanoTime.getAsLong());
        return failures.size();
    }

    private void forgetOldFailures(long now) {
        while (!failures.isEmpty() && now - failures.peekFirst() > failureWindow.toNanos()) {
            failures.removeFirst();
        }
    }

    private String failuresSoFar(long now) {
        if (failures.isEmpty()) {
            return "";
        }
        return "; stream threads failed " + failures.size() + " times in the last " + failureWindow + ", last "
                + seconds(now - lastFailureAt) + " ago: " + lastFailure;
    }

    private static String seconds(long nanos) {
        return Math.round(nanos / 1e9) + " s";
    }

    /** The innermost cause, which names the problem (Streams wraps it several times). */
    private static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.toString();
        return text.length() <= SHOWN_FAILURE_CHARS ? text : text.substring(0, SHOWN_FAILURE_CHARS) + "…";
    }
}
