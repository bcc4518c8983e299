package io.almengine.engine;

import io.almengine.detect.DetectProcessor;
import io.almengine.ingest.IngestProcessor;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the pipeline feeds as it works: events applied, how far each partition was swept, dead
 * letters written, and records that failed on their own (see {@link RecordFailures}).
 */
public final class PipelineStats implements DetectProcessor.Progress, IngestProcessor.Progress {

    private final LongAdder eventsApplied = new LongAdder();
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder watermarksApplied = new LongAdder();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder rejectedEvents = new LongAdder();
    private final LongAdder recordErrors = new LongAdder();
    private final Map<Integer, Instant> sweptUpTo = new ConcurrentHashMap<>();

    @Override
    public void eventApplied() {
        eventsApplied.increment();
    }

    @Override
    public void swept(int partition, Instant now) {
        sweptUpTo.put(partition, now);
    }

    @Override
    public void watermarkApplied() {
        watermarksApplied.increment();
    }

    /** Watermark records applied, one per partition a reporter's watermark was sent to. */
    public long watermarksApplied() {
        return watermarksApplied.sum();
    }

    @Override
    public void evaluated() {
        evaluations.increment();
    }

    /** How many times the rules were asked about a connection: what heartbeats are meant not to cost. */
    public long rulesEvaluated() {
        return evaluations.sum();
    }

    public long eventsApplied() {
        return eventsApplied.sum();
    }

    /** An event ingest refused (not JSON, a field missing or wrong…): dead-lettered with the reason. */
    @Override
    public void deadLettered() {
        rejectedEvents.increment();
        deadLetters.increment();
    }

    /** A record that failed on its own, dead-lettered by {@link RecordFailures}. */
    void recordDeadLettered() {
        deadLetters.increment();
    }

    /** Events ingest refused and dead-lettered; {@link #deadLetters()} less these are records that failed. */
    public long rejectedEvents() {
        return rejectedEvents.sum();
    }

    /** Records written to the dead-letter topic: invalid events, and records that failed on their own. */
    public long deadLetters() {
        return deadLetters.sum();
    }

    void recordFailed() {
        recordErrors.increment();
    }

    /**
     * Records that could not be read, processed or written (each dead-lettered or skipped, with a log
     * line); the pipeline went on with the rest.
     */
    public long recordErrors() {
        return recordErrors.sum();
    }

    /** Per owned partition, the clock instant up to which deadlines have been evaluated. */
    public Map<Integer, Instant> sweptUpTo() {
        return Map.copyOf(sweptUpTo);
    }
}
