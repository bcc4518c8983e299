package io.almengine.engine;

import io.almengine.pipeline.BoundedRocksDbMemory;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/** The Kafka Streams configuration of the pipeline, from the engine's settings. */
final class StreamsProperties {

    private StreamsProperties() {
    }

    static Properties of(EngineConfig config, String bootstrap) {
        StreamsTuning tuning = config.streams();
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.dataDir().resolve("streams").toAbsolutePath().toString());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, tuning.commitInterval().toMillis());
        props.put(StreamsConfig.POLL_MS_CONFIG, tuning.poll().toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, tuning.threads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, tuning.standbyReplicas());
        // -1: the broker's default replication factor, so one config fits a single node and a cluster.
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // Events are read as bytes and judged by ingest; a command record nobody can read is skipped, not fatal.
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        // A task reads the events topic and the re-keyed events topic, which need no alignment by record
        // time (ordering is by event time in the payload, per connection). Not waiting for an empty
        // partition also spares the per-record bookkeeping of that wait, a tenth of the thread's time.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // A killed instance is noticed after the session timeout; heartbeats three times per timeout.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) tuning.sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) tuning.sessionTimeout().toMillis() / 3);
        // Every event writes its connection's state to a changelog: larger batches mean fewer produce
        // requests for the broker to handle per event (each commit flushes them anyway).
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.TOTAL_BYTES_CONFIG, tuning.rocksDbMemory());
        return props;
    }
}
