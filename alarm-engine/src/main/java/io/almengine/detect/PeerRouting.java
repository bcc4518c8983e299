package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Which partition a connection's state lives on. By default the producer's own choice for the
 * connection id, so nothing changes for components without peers. For components whose
 * definitions set {@code peers: client}, the connection's {@link PeerGroup} key decides instead,
 * so all connections of one client are in one task and a rule can see them together (the standby
 * aggregator while judging the primary), consistently and without a round trip. Ingest sends such
 * events through the rekey topic with this partitioner; operator commands use it too, since they
 * must reach the task that owns the alarm.
 */
public final class PeerRouting implements StreamPartitioner<String, Object> {

    /** Producer setting naming the grouped components, comma-separated, for {@link CommandPartitioner}. */
    public static final String GROUPED_COMPONENTS_CONFIG = "alm.peer-grouped-components";

    private final Set<String> grouped;

    public PeerRouting(Set<String> grouped) {
        this.grouped = Set.copyOf(grouped);
    }

    public static PeerRouting of(DefinitionCatalog catalog) {
        return new PeerRouting(catalog.all().stream().filter(AlarmDefinition::groupsPeers)
                .map(AlarmDefinition::component).collect(Collectors.toSet()));
    }

    public boolean groups(String component) {
        return grouped.contains(component);
    }

    public Set<String> groupedComponents() {
        return grouped;
    }

    /** The partition of {@code connectionId} among {@code partitions}. */
    public int partition(String connectionId, int partitions) {
        String routing = groups(PeerGroup.componentOf(connectionId)) ? PeerGroup.keyOf(connectionId) : connectionId;
        // The producer's default for a String key, so ungrouped ids land where producers put them.
        return Utils.toPositive(Utils.murmur2(routing.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        return key == null ? Optional.empty() : Optional.of(Set.of(partition(key, numPartitions)));
    }

    /** The same routing for a plain producer (operator commands, keyed by connection id). */
    public static final class CommandPartitioner implements Partitioner {

        private PeerRouting routing = new PeerRouting(Set.of());

        @Override
        public void configure(Map<String, ?> configs) {
            Object names = configs.get(GROUPED_COMPONENTS_CONFIG);
            if (names != null && !names.toString().isBlank()) {
                routing = new PeerRouting(Set.copyOf(Arrays.asList(names.toString().split(","))));
            }
        }

        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                             Cluster cluster) {
            return routing.partition((String) key, cluster.partitionCountForTopic(topic));
        }

        @Override
        public void close() {
        }
    }
}
