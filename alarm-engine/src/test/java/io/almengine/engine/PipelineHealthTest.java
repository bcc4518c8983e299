package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * Health is UP only while the pipeline processes every partition the instance owns: not while it
 * starts, not while stream threads keep dying (Kafka Streams says RUNNING or REBALANCING all along),
 * not when a rebalance does not settle, not with a thread missing. Time is the test's own.
 */
class PipelineHealthTest {

    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final int THREADS = 2;

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PipelineHealth health = new PipelineHealth(SETTLE, Duration.ofMinutes(10), nanos::get);

    private void after(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private void to(State state) {
        health.onChange(state, null);
    }

    private PipelineHealth.Verdict now() {
        return health.assess(THREADS, THREADS);
    }

    private void running() {
        to(State.REBALANCING);
        after(Duration.ofSeconds(3));
        to(State.RUNNING);
    }

    @Test
    void upWhenRunningWithEveryThread() {
        running();
        assertEquals(PipelineHealth.Verdict.UP, now());
    }

    @Test
    void downWhileStartingWithTheStateAndHowLong() {
        to(State.REBALANCING);
        after(Duration.ofSeconds(40));
        PipelineHealth.Verdict verdict = now();
        assertFalse(verdict.up());
        assertEquals("the pipeline is starting: REBALANCING for 40 s", verdict.reason());
    }

    @Test
    void downFromTheFirstThreadFailureWhileStreamsStillSaysRunningOrRebalancing() {
        running();
        after(Duration.ofMinutes(5));
        health.threadFailed(new StreamsException("task failed", new IllegalStateException("disk full")));
        assertFalse(now().up(), "RUNNING, but a thread just died");
        to(State.REBALANCING);
        after(Duration.ofSeconds(2));
        PipelineHealth.Verdict verdict = now();
        assertFalse(verdict.up());
        assertTrue(verdict.reason().contains("stream threads failed 1 times in the last PT10M, last 2 s ago:"
                + " java.lang.IllegalStateException: disk full"), verdict.reason());
        to(State.RUNNING);
        after(Duration.ofSeconds(10));
        health.threadFailed(new IllegalStateException("disk full"));
        to(State.REBALANCING);
        after(Duration.ofSeconds(2));
        to(State.RUNNING);
        after(Duration.ofSeconds(20));
        verdict = now();
        assertFalse(verdict.up(), "a crash loop never runs steadily for " + SETTLE);
        assertTrue(verdict.reason().startsWith("recovering from stream thread failures (RUNNING for 20 s);"
                + " stream threads failed 2 times"), verdict.reason());
    }

    @Test
    void upAgainOnceRunningSteadilyAfterTheLastFailure() {
        running();
        health.threadFailed(new IllegalStateException("broker gone too long"));
        to(State.REBALANCING);
        after(Duration.ofSeconds(5));
        to(State.RUNNING);
        after(SETTLE.minusSeconds(1));
        assertFalse(now().up());
        after(Duration.ofSeconds(1));
        assertEquals(PipelineHealth.Verdict.UP, now());
        assertEquals(1, health.recentFailures());
        after(Duration.ofMinutes(10));
        assertEquals(0, health.recentFailures(), "failures age out of the window");
    }

    @Test
    void aShortRebalanceIsUpOneThatDoesNotSettleIsDown() {
        running();
        to(State.REBALANCING);
        after(SETTLE.minusSeconds(1));
        assertEquals(PipelineHealth.Verdict.UP, now(), "instances join and leave; the others' partitions flow");
        after(Duration.ofSeconds(20));
        PipelineHealth.Verdict verdict = now();
        assertFalse(verdict.up());
        assertEquals("partitions are not settled: REBALANCING for 49 s (more than PT30S)", verdict.reason());
    }

    @Test
    void downWithAStreamThreadMissing() {
        running();
        PipelineHealth.Verdict verdict = health.assess(1, THREADS);
        assertFalse(verdict.up());
        assertEquals("only 1 of 2 stream threads are alive", verdict.reason());
    }

    @Test
    void downWhenStoppedNamingTheFailures() {
        running();
        health.threadFailed(new IllegalStateException("state directory cannot be created"));
        to(State.PENDING_ERROR);
        to(State.ERROR);
        PipelineHealth.Verdict verdict = now();
        assertFalse(verdict.up());
        assertTrue(verdict.reason().startsWith("the pipeline has stopped (ERROR); stream threads failed 1 times"),
                verdict.reason());
        assertTrue(verdict.reason().endsWith("state directory cannot be created"), verdict.reason());
    }
}
