package io.almengine.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies (a long broker outage that outlasts the task timeout, a
 * fenced producer Streams could not handle, a bug): the thread is replaced and its partitions
 * carry on from their last commit, which exactly-once makes safe. A failure that keeps coming back
 * (more than {@code limit} within {@code window}) stops the pipeline instead, so health says DOWN
 * rather than the engine spinning. A failure the engine arranged itself (a record whose output
 * cannot be written, skipped once the thread is replaced: see {@link RecordFailures}) is not counted.
 */
final class ThreadRestarts implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadRestarts.class);

    private final int limit;
    private final Duration window;
    private final Predicate<Throwable> arranged;
    private final Consumer<Throwable> onFailure;
    private final Deque<Long> recent = new ArrayDeque<>();

    ThreadRestarts(int limit, Duration window) {
        this(limit, window, failure -> false, failure -> { });
    }

    /**
     * @param arranged  failures that are part of skipping a record, replaced without counting
     * @param onFailure told of every other failure (health follows them)
     */
    ThreadRestarts(int limit, Duration window, Predicate<Throwable> arranged, Consumer<Throwable> onFailure) {
        this.limit = limit;
        this.window = window;
        this.arranged = arranged;
        this.onFailure = onFailure;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        if (arranged.test(exception)) {
            LOG.warn("a stream thread stopped to skip a record whose output cannot be written; replacing it");
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        onFailure.accept(exception);
        long now = System.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() > window.toNanos()) {
            recent.removeFirst();
        }
        recent.addLast(now);
        if (recent.size() > limit) {
            LOG.error("a stream thread failed {} times within {}: stopping the pipeline", recent.size(), window,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("a stream thread failed; replacing it, its partitions resume from their last commit", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
