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
