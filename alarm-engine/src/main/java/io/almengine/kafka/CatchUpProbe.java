package io.almengine.kafka;

import io.almengine.detect.DetectProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 * assignment). Detection holds its deadline sweep until then, so a reconnect sent while the
 * engine was down clears the clock before the clock can raise an alarm.
 */
public final class CatchUpProbe implements DetectProcessor.CatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(CatchUpProbe.class);
    private static final long RECHECK_MS = 200;

    private final Admin admin;
    private final String groupId;
    private final List<String> inputTopics;
    private final Map<Integer, Map<TopicPartition, Long>> targets = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastCheck = new ConcurrentHashMap<>();

    public CatchUpProbe(Admin admin, String groupId, List<String> inputTopics) {
        this.admin = admin;
        this.groupId = groupId;
        this.inputTopics = inputTopics;
    }

    @Override
    public void begin(int partition) {
        targets.remove(partition);
        lastCheck.remove(partition);
    }

    @Override
    public boolean caughtUp(int partition) {
        long now = System.currentTimeMillis();
        Long last = lastCheck.get(partition);
        if (last != null && now - last < RECHECK_MS) {
            return false;
        }
        lastCheck.put(partition, now);
        try {
            Map<TopicPartition, Long> target = targets.get(partition);
            if (target == null) {
                target = endOffsets(partition);
                targets.put(partition, target);
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            for (var entry : target.entrySet()) {
                OffsetAndMetadata done = committed.get(entry.getKey());
                long position = done == null ? 0 : done.offset();
                if (position < entry.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            LOG.debug("catch-up check of partition {} failed, will retry: {}", partition, e.toString());
            return false;
        }
    }

    private Map<TopicPartition, Long> endOffsets(int partition) throws Exception {
        var request = new HashMap<TopicPartition, OffsetSpec>();
        inputTopics.forEach(t -> request.put(new TopicPartition(t, partition), OffsetSpec.latest()));
        var result = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(5, TimeUnit.SECONDS);
        var ends = new HashMap<TopicPartition, Long>();
        result.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
