package io.almengine.lifecycle;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Serial numbers unique across all partitions without coordination: a per-partition sequence
 * kept in the partition's state (so it survives crashes with it) times 1000, plus the partition.
 * Partition 2's alarms are 1002, 2002, 3002, … Works for up to 1000 partitions.
 */
final class SerialNumbers {

    static final int MAX_PARTITIONS = 1000;
    private static final String KEY = "next";

    private final KeyValueStore<String, Long> store;
    private final int partition;

    SerialNumbers(KeyValueStore<String, Long> store, int partition) {
        if (partition >= MAX_PARTITIONS) {
            throw new IllegalStateException("serial numbers support at most " + MAX_PARTITIONS + " partitions");
        }
        this.store = store;
        this.partition = partition;
    }

    long next() {
        Long current = store.get(KEY);
        long sequence = current == null ? 1 : current;
        store.put(KEY, sequence + 1);
        return sequence * MAX_PARTITIONS + partition;
    }
}
