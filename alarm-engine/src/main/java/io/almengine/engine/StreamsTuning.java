package io.almengine.engine;

import java.time.Duration;

/**
 * The Kafka Streams settings that trade throughput, alarm latency, memory and fail-over time
 * against each other. Defaults are in {@link EngineConfig#defaults()}; README ("Running several
 * instances") and docs/performance.md explain the trade-offs.
 *
 * @param threads          stream threads per instance; each owns some partitions (tasks) and its own transaction
 * @param standbyReplicas  warm copies of every partition's state kept on other instances: a failed
 *                         instance's partitions resume without a restore, at the price of that much more
 *                         changelog reading, disk and memory per copy. Useless with one instance.
 * @param commitInterval   how often a thread commits its transaction: alarm changes become visible to
 *                         read-committed readers (the API's mirror among them) only then, and every commit
 *                         costs a few broker round trips
 * @param sessionTimeout   how long the group waits for a silent instance (killed, frozen, cut off) before its
 *                         partitions move to the others; shorter fails over sooner but risks a rebalance
 *                         after a long GC pause or a starved machine
 * @param rocksDbMemory    one RocksDB block cache, with the memtables charged to it, shared by every state
 *                         store of the process: bounds the engine's off-heap memory whatever the partition
 *                         count and fleet size
 * @param poll             how long a thread with nothing to read waits for records before it sweeps deadlines
 *                         and commits again: an idle engine's sweeps and commits come no more often than this.
 *                         Kafka Streams' 100 ms is well inside the 200 ms sweep; tests that move the clock
 *                         hundreds of times and wait for a sweep each time use less
 */
public record StreamsTuning(
        int threads,
        int standbyReplicas,
        Duration commitInterval,
        Duration sessionTimeout,
        long rocksDbMemory,
        Duration poll) {

    public StreamsTuning {
        if (threads < 1) {
            throw new IllegalArgumentException("stream threads must be at least 1, not " + threads);
        }
        if (sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0 || sessionTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
            // Kafka brokers refuse a session timeout outside 6 s .. 30 min unless re-configured.
            throw new IllegalArgumentException("session timeout must be from PT6S to PT30M, not " + sessionTimeout);
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("standby replicas must not be negative, not " + standbyReplicas);
        }
    }

    public StreamsTuning withThreads(int value) {
        return new StreamsTuning(value, standbyReplicas, commitInterval, sessionTimeout, rocksDbMemory, poll);
    }

    public StreamsTuning withStandbyReplicas(int value) {
        return new StreamsTuning(threads, value, commitInterval, sessionTimeout, rocksDbMemory, poll);
    }

    public StreamsTuning withCommitInterval(Duration value) {
        return new StreamsTuning(threads, standbyReplicas, value, sessionTimeout, rocksDbMemory, poll);
    }

    public StreamsTuning withPoll(Duration value) {
        return new StreamsTuning(threads, standbyReplicas, commitInterval, sessionTimeout, rocksDbMemory, value);
    }

    public StreamsTuning withSessionTimeout(Duration value) {
        return new StreamsTuning(threads, standbyReplicas, commitInterval, value, rocksDbMemory, poll);
    }
}
