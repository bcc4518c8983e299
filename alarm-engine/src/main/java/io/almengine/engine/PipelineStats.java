package io.almengine.engine;

import io.almengine.detect.DetectProcessor;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the pipeline feeds as it works: events applied, and how far each partition was swept. */
public final class PipelineStats implements DetectProcessor.Progress {

    private final LongAdder eventsApplied = new LongAdder();
    private final LongAdder evaluations = new LongAdder();
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

    /** Per owned partition, the clock instant up to which deadlines have been evaluated. */
    public Map<Integer, Instant> sweptUpTo() {
        return Map.copyOf(sweptUpTo);
    }
}
