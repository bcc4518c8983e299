package io.almengine.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether the engine's consumer group has committed past the input that was waiting in a
 * partition when the question was first asked for that partition (after a start or a new
 * assignment). The engine hands it to detection, which holds its deadline sweep until then, so a
 * reconnect sent while the engine was down clears the clock before the clock can raise an alarm.
 *
 * <p>The question is asked from a stream thread's punctuation, so it never waits for Kafka: it
 * answers from the last committed offsets fetched, and fetches again in the background (one
 * request for all partitions at a time). Until an answer arrives it says "not yet", which only
 * delays deadlines, never lets one through early.
 */
public final class CatchUpProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpProbe.class);
    private static final long RECHECK_MS = 200;

    private final Admin admin;
    private final String groupId;
    private final List<String> inputTopics;
    private final Map<Integer, Map<TopicPartition, Long>> targets = new ConcurrentHashMap<>();
    private final Map<Integer, Object> targetsInFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean committedInFlight = new AtomicBoolean();
    private volatile Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
    private volatile long committedAt;

    public CatchUpProbe(Admin admin, String groupId, List<String> inputTopics) {
        this.admin = admin;
        this.groupId = groupId;
        this.inputTopics = inputTopics;
    }

    /** The task for {@code partition} was (re)assigned: what is waiting now must be read first. */
    public void begin(int partition) {
        targets.remove(partition);
        targetsInFlight.remove(partition);
    }

    /** Whether the input waiting in {@code partition} when {@link #begin} was called has been read. */
    public boolean caughtUp(int partition) {
        Map<TopicPartition, Long> target = targets.get(partition);
        if (target == null) {
            fetchTarget(partition);
            return false;
        }
        if (System.currentTimeMillis() - committedAt >= RECHECK_MS) {
            fetchCommitted();
        }
        Map<TopicPartition, OffsetAndMetadata> done = committed;
        for (var entry : target.entrySet()) {
            OffsetAndMetadata position = done.get(entry.getKey());
            if ((position == null ? 0 : position.offset()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The end offsets of the partition's inputs as they are now: what must be read before deadlines count. */
    private void fetchTarget(int partition) {
        Object request = new Object();
        if (targetsInFlight.putIfAbsent(partition, request) != null) {
            return;
        }
        var offsets = new HashMap<TopicPartition, OffsetSpec>();
        inputTopics.forEach(t -> offsets.put(new TopicPartition(t, partition), OffsetSpec.latest()));
        admin.listOffsets(offsets, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .whenComplete((result, error) -> {
                    if (error != null) {
                        LOG.debug("end offsets of partition {} not known yet, will retry: {}", partition,
                                error.toString());
                        targetsInFlight.remove(partition, request);
                        return;
                    }
                    var ends = new HashMap<TopicPartition, Long>();
                    result.forEach((tp, info) -> ends.put(tp, info.offset()));
                    // Only this request's answer: a new assignment meanwhile asks the question afresh.
                    if (targetsInFlight.remove(partition, request)) {
                        targets.put(partition, ends);
                    }
                });
    }

    private void fetchCommitted() {
        if (!committedInFlight.compareAndSet(false, true)) {
            return;
        }
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().whenComplete((result, error) -> {
            if (error != null) {
                LOG.debug("committed offsets not known, will retry: {}", error.toString());
            } else {
                committed = result;
            }
            committedAt = System.currentTimeMillis();
            committedInFlight.set(false);
        });
    }
}
