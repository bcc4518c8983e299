package io.almengine.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the engine's topics when they are missing; existing topics are left as they are. */
public final class TopicSetup {

    /** A topic the engine needs: partitioned like the events (co-partitioned) or a single log. */
    public record Spec(String name, boolean coPartitioned, Map<String, String> configs) {

        public static Spec partitioned(String name) {
            return new Spec(name, true, Map.of());
        }

        public static Spec compacted(String name) {
            return new Spec(name, true, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }

        public static Spec retained(String name, long retentionMs) {
            return new Spec(name, true, Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs)));
        }
    }

    private TopicSetup() {
    }

    /**
     * The partition count the given topics share. Topics that must agree (events and re-keyed events:
     * a connection's records are on the same partition of both) and do not are an error naming each.
     */
    public static int sharedPartitionCount(Admin admin, List<String> topics) throws Exception {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                .forEach((name, description) -> counts.put(name, description.partitions().size()));
        if (new java.util.HashSet<>(counts.values()).size() != 1) {
            throw new IllegalStateException("topics " + counts + " (name=partitions) must have the same number of"
                    + " partitions: a connection's events must be on the same partition of each");
        }
        return counts.values().iterator().next();
    }

    public static void ensure(Admin admin, int partitions, List<Spec> specs) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        var missing = new ArrayList<NewTopic>();
        for (Spec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), java.util.Optional.of(spec.coPartitioned() ? partitions : 1),
                        java.util.Optional.empty()).configs(spec.configs()));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (var entry : admin.createTopics(missing).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }
}
