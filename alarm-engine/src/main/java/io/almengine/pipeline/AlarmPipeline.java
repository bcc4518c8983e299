package io.almengine.pipeline;

import io.almengine.correlate.CorrelateProcessor;
import io.almengine.correlate.Correlation;
import io.almengine.correlate.KnownClient;
import io.almengine.correlate.PortState;
import io.almengine.correlate.ParentAlarm;
import io.almengine.kafka.JsonSerde;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.ConnectionStateSerde;
import io.almengine.detect.DetectProcessor;
import io.almengine.detect.PeerGroup;
import io.almengine.detect.ReporterMark;
import io.almengine.detect.PeerRouting;
import io.almengine.detect.RuleBook;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.IngestProcessor;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.LifecycleProcessor;
import io.almengine.model.Json;
import io.almengine.rules.ClientLink;
import io.almengine.runbook.RunbookCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the topology: events → ingest → detect → lifecycle → alarm topics, with their stores; and
 * beside it detect → (by server port) correlate → lifecycle, for alarm types judged per server port.
 */
public final class AlarmPipeline {

    private static final String EVENTS = "events";
    private static final String INGEST = "ingest";
    private static final String DETECT = IngestProcessor.TO_DETECT;
    private static final String LIFECYCLE = DetectProcessor.TO_LIFECYCLE;
    private static final String COMMANDS = "commands";
    private static final String SERVER_CLIENTS = "server-clients";
    private static final String SERVER_ALARMS = "server-alarms";
    private static final String CORRELATE = "correlate";
    private static final String CORRELATIONS = "correlations";
    /**
     * Changelog settings of the per-connection stores, applied when Streams creates the changelog
     * topics. Every heartbeat rewrites its connection's state, and compaction never touches the
     * active segment: with Kafka's 1 GiB segments a restore after a few hours of a million connections
     * read several GiB of superseded states. 64 MiB segments keep what a restore reads near a few
     * copies of the live state, whatever the uptime.
     */
    private static final Map<String, String> SMALL_SEGMENTS = Map.of(
            TopicConfig.SEGMENT_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));

    /**
     * What the stages need from the engine around them.
     *
     * @param partitions     partitions of the events topic, and of the rekey topic: where each connection belongs
     * @param ingestProgress told of every dead letter ingest writes
     */
    public record Parts(
            Topics topics,
            DefinitionCatalog catalog,
            RuleBook rules,
            EventParser parser,
            Clock clock,
            Duration sweepInterval,
            Duration allowedLateness,
            Duration clearedRetention,
            DetectProcessor.CatchUp catchUp,
            DetectProcessor.Progress progress,
            RunbookCatalog runbooks,
            int partitions,
            IngestProcessor.Progress ingestProgress) {
    }

    private AlarmPipeline() {
    }

    public static Topology build(Parts parts) {
        return build(parts, Stores::persistentKeyValueStore);
    }

    /**
     * The same topology with the stores {@code stores} supplies by name: the pipeline tests keep
     * them in memory, since the test driver commits (and so flushes every RocksDB store) after each
     * record.
     */
    public static Topology build(Parts parts, Function<String, KeyValueBytesStoreSupplier> stores) {
        Topics topics = parts.topics();
        Serde<String> strings = Serdes.String();
        Serde<Object> json = new JsonSerde<>(Object.class, Json.MAPPER);
        var topology = new Topology();

        topology.addSource(EVENTS, strings.deserializer(), Serdes.ByteArray().deserializer(),
                topics.connectionEvents(), topics.rekeyedEvents());
        PeerRouting routing = PeerRouting.of(parts.catalog());
        // The events and rekey topics have parts.partitions() partitions each (checked at start), so a
        // connection's place is known without asking Kafka.
        topology.addProcessor(INGEST, () -> new IngestProcessor(parts.parser(),
                id -> routing.partition(id, parts.partitions()), topics.rekeyedEvents(), parts.ingestProgress()), EVENTS);
        topology.addSink(IngestProcessor.TO_DEAD_LETTERS, topics.deadLetters(), strings.serializer(),
                Serdes.ByteArray().serializer(), INGEST);
        topology.addSink(IngestProcessor.TO_REKEY, topics.rekeyedEvents(), strings.serializer(),
                Serdes.ByteArray().serializer(), routing, INGEST);

        topology.addProcessor(DETECT, () -> new DetectProcessor(parts.catalog(), parts.rules(), parts.clock(),
                parts.sweepInterval(), parts.allowedLateness(), topics.connectionEvents(), parts.catchUp(),
                parts.progress()), INGEST);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                DetectProcessor.CONNECTIONS_STORE), strings, new ConnectionStateSerde())
                .withLoggingEnabled(SMALL_SEGMENTS), DETECT);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                DetectProcessor.DEADLINES_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingEnabled(SMALL_SEGMENTS), DETECT);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                DetectProcessor.PEERS_STORE), strings, new JsonSerde<>(PeerGroup.class, Json.MAPPER)), DETECT);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                DetectProcessor.WATERMARKS_STORE), strings, new JsonSerde<>(ReporterMark.class, Json.MAPPER)), DETECT);

        // Each client's ups and downs, keyed by its server port (the producer's default partitioning
        // of that key), so the clients of one port meet in one correlate task.
        topology.addSink(DetectProcessor.TO_SERVER_CLIENTS, topics.serverClients(), strings.serializer(),
                json.serializer(), DETECT);
        topology.addSource(SERVER_CLIENTS, strings.deserializer(), new JsonSerde<>(ClientLink.class, Json.MAPPER)
                .deserializer(), topics.serverClients());
        topology.addSource(SERVER_ALARMS, strings.deserializer(), new JsonSerde<>(ParentAlarm.class, Json.MAPPER)
                .deserializer(), topics.serverAlarms());
        topology.addProcessor(CORRELATE, () -> new CorrelateProcessor(parts.catalog(), parts.rules(), parts.clock(),
                parts.sweepInterval(), parts.allowedLateness()), SERVER_CLIENTS, SERVER_ALARMS);
        // Cached: every report of a client rewrites its port's state; a storm's commit writes each port once.
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(CorrelateProcessor.PORTS_STORE), strings,
                new JsonSerde<>(PortState.class, Json.MAPPER)).withCachingEnabled(), CORRELATE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(CorrelateProcessor.CLIENTS_STORE), strings,
                new JsonSerde<>(KnownClient.class, Json.MAPPER)).withLoggingEnabled(SMALL_SEGMENTS), CORRELATE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(CorrelateProcessor.DEADLINES_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), CORRELATE);
        // Its decisions reach the task that owns each alarm, routed as operator commands are.
        topology.addSink(CorrelateProcessor.TO_CORRELATIONS, topics.correlations(), strings.serializer(),
                json.serializer(), routing, CORRELATE);

        topology.addSource(COMMANDS, strings.deserializer(), new JsonSerde<>(AlarmCommand.class, Json.MAPPER)
                .deserializer(), topics.alarmCommands());
        topology.addSource(CORRELATIONS, strings.deserializer(), new JsonSerde<>(Correlation.class, Json.MAPPER)
                .deserializer(), topics.correlations());
        topology.addProcessor(LIFECYCLE, () -> new LifecycleProcessor(parts.catalog(), parts.runbooks(), parts.clock(),
                parts.clearedRetention(), parts.sweepInterval()), DETECT, COMMANDS, CORRELATIONS);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.ALARMS_STORE), Serdes.Long(), Serdes.ByteArray()), LIFECYCLE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.ACTIVE_STORE), strings, Serdes.Long()), LIFECYCLE);
        // Cached: a storm's thousands of raises per commit write the partition's counter once, not each.
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.SERIALS_STORE), strings, Serdes.Long()).withCachingEnabled(), LIFECYCLE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.RETENTION_STORE), Serdes.Bytes(), Serdes.ByteArray()), LIFECYCLE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.PARENT_LINKS_STORE), strings, Serdes.Long()), LIFECYCLE);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(
                LifecycleProcessor.RESERVATIONS_STORE), strings, Serdes.Long()), LIFECYCLE);
        topology.addSink(LifecycleProcessor.TO_SERVER_ALARMS, topics.serverAlarms(), strings.serializer(),
                json.serializer(), LIFECYCLE);
        // The lifecycle stage writes each alarm change's JSON once and sends it on as it is.
        topology.addSink(LifecycleProcessor.TO_ALARMS, topics.alarms(), strings.serializer(),
                Serdes.ByteArray().serializer(), LIFECYCLE);
        topology.addSink(LifecycleProcessor.TO_ALARM_EVENTS, topics.alarmEvents(), strings.serializer(),
                Serdes.ByteArray().serializer(), LIFECYCLE);
        topology.addSink(LifecycleProcessor.TO_COMMAND_RESULTS, topics.commandResults(), strings.serializer(),
                json.serializer(), LIFECYCLE);
        return topology;
    }
}
