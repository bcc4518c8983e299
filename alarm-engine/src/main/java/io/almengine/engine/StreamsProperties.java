package io.almengine.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams configuration of the pipeline, from the engine's settings. Public so that the
 * pipeline tests drive the topology (without a broker) under the settings the engine runs it with.
 */
public final class StreamsProperties {

    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(1);

    private StreamsProperties() {
    }

    /** Kafka Streams' state folder; the pipeline's own is {@code STATE_DIR/APPLICATION_ID}. */
    static Path stateDir(EngineConfig config) {
        return config.dataDir().resolve("streams").toAbsolutePath();
    }

    /**
     * @param instanceId this instance's stable id (kept in its data directory): its group membership
     * @param failures   what becomes of a record that fails on its own
     */
    public static Properties of(EngineConfig config, String bootstrap, String instanceId, RecordFailures failures) {
        StreamsTuning tuning = config.streams();
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config).toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, tuning.commitInterval().toMillis());
        props.put(StreamsConfig.POLL_MS_CONFIG, tuning.poll().toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, tuning.threads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, tuning.standbyReplicas());
        // -1: the broker's default replication factor, so one config fits a single node and a cluster.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // No single record may stop the pipeline: one that cannot be read (a command nobody can parse),
        // processed or written is dead-lettered or skipped, counted, and the rest flows.
        props.put(RecordFailures.CONFIG, failures);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordFailureHandler.class);
        props.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, RecordFailureHandler.class);
        // Dead letters are cut to fit under this (DeadLetter.MAX_BYTES); it is the producer's default, set
        // here so that nothing else changes it unnoticed.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 1024 * 1024);
        // A task reads the events topic and the re-keyed events topic, which need no alignment by record
        // time (ordering is by event time in the payload, per connection). Not waiting for an empty
        // partition also spares the per-record bookkeeping of that wait, a tenth of the thread's time.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // A killed instance is noticed after the session timeout; heartbeats three times per timeout.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) tuning.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) tuning.sessionTimeout().toMillis() / 3);
        // Static membership: a restarted instance (same data directory, so same id; Streams adds the thread
        // number) takes its dead predecessor's place in the group at once, and gets its partitions back
        // without a rebalance, instead of the group waiting for the dead members first.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.applicationId() + "-" + instanceId);
        // Also the rebalance timeout: how long a rebalance waits for a member that stopped answering in the
        // middle of it (killed while joining: the coordinator counts it as alive until then). Kafka Streams'
        // 5 minutes stalled every instance of the group that long when one died mid-rebalance and did not
        // come back. A thread polls every few milliseconds (state restoration has its own thread), so one
        // minute without a poll means a frozen process, which had better lose its partitions anyway.
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
        // Every event writes its connection's state to a changelog: larger batches mean fewer produce
        // requests for the broker to handle per event (each commit flushes them anyway).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, tuning.rocksDbMemory());
        return props;
    }
}
