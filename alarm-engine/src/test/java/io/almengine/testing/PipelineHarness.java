package io.almengine.testing;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.DetectProcessor;
import io.almengine.detect.RuleBook;
import io.almengine.engine.EngineConfig;
import io.almengine.engine.PipelineStats;
import io.almengine.engine.RecordFailures;
import io.almengine.engine.StreamsProperties;
import io.almengine.ingest.EventParser;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.almengine.model.Alarm;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import io.almengine.pipeline.AlarmPipeline;
import io.almengine.pipeline.Topics;
import io.almengine.runbook.RunbookCatalog;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The engine's real topology ({@link AlarmPipeline#build}) on Kafka Streams' {@link TopologyTestDriver}:
 * no broker, no threads, nothing to wait for. It speaks {@link EngineHarness}'s vocabulary (send an
 * event, move the clock, expect an alarm or none, read what the topics received), so a behaviour test
 * moves between the two by the harness it constructs; what it asserts stays the same.
 *
 * <p>Everything happens inside the call that causes it: a sent event has been applied, and swept once, (and whatever
 * it re-keyed, Fluentd's events grouped by client, has gone round the rekey topic: the driver feeds a
 * source topic's output back in) when {@link #send} returns, and a moved clock has been swept when
 * {@link #clockAt} returns. So {@code awaitAlarm} looks once and fails at once.
 *
 * <p>The stores are kept in memory: the driver commits after every record, and a commit flushes
 * every RocksDB store to disk, which made the Fluentd tests' hundreds of heartbeats 2-3 times
 * slower; that the state survives a restart is the broker tests' concern.
 *
 * <p>The driver runs the topology as one task (partition 0). What needs a broker stays on
 * {@link EngineHarness}: restarts and state restores, exactly-once across a crash, several instances,
 * the HTTP API.
 */
public final class PipelineHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final Instant T0 = EngineHarness.T0;
    /** The driver's one task. */
    private static final int PARTITION = 0;

    public final MutableClock clock = new MutableClock(T0);
    public final Topics topics = new Topics("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
    public final Path dataDir;
    private EngineConfig config;
    private TopologyTestDriver driver;
    private PipelineStats stats;
    private TestInputTopic<String, byte[]> events;
    private TestInputTopic<String, byte[]> commands;
    private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();
    /** Every record each changelog topic received so far, keys as written (store keys may be binary). */
    private final Map<String, List<TestRecord<byte[], byte[]>>> changelogs = new HashMap<>();
    /** Every record each output topic (changelogs included) received so far, in order. */
    private final Map<String, List<ConsumerRecord<String, byte[]>>> received = new HashMap<>();
    /** What the engine's AlarmView would hold: {@code alm.alarms} as the driver wrote it. */
    private AlarmView alarms;
    private int hoursUsed;

    public PipelineHarness() {
        this(EngineHarness.repoFolder("alarm-definitions"), EngineHarness.repoFolder("rules"),
                EngineHarness.repoFolder("runbooks"));
    }

    public PipelineHarness(Path definitions, Path rules, Path runbooks) {
        try {
            dataDir = Files.createTempDirectory("alm-pipeline-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // EngineHarness's settings where they mean something without a broker; the sweep interval
        // is how far each clock move advances the driver's wall clock, so its punctuators run once.
        config = EngineConfig.defaults().toBuilder()
                .dataDir(dataDir)
                .definitionsDir(definitions).rulesDir(rules).runbooksDir(runbooks)
                .topics(topics).applicationId(topics.prefix() + "engine")
                .partitions(1)
                .sweepInterval(Duration.ofMillis(10))
                .allowedLateness(Duration.ZERO)
                .maxFutureSkew(Duration.ofDays(36500))
                .clock(clock)
                .build();
    }

    /** Changes settings before {@link #start()}, e.g. a shorter retention. */
    public PipelineHarness configure(UnaryOperator<EngineConfig.Builder> change) {
        config = change.apply(config.toBuilder()).build();
        return this;
    }

    /** Loads the operator's files as the engine does and builds the topology on the driver. */
    public PipelineHarness start() {
        DefinitionCatalog catalog = DefinitionCatalog.load(config.definitionsDir(), config.runbooksDir());
        RunbookCatalog runbooks = RunbookCatalog.load(config.runbooksDir(), catalog);
        RuleBook rules = RuleBook.load(config.rulesDir());
        var parser = new EventParser(catalog, config.clock(), config.maxFutureSkew(), config.maxEventBytes());
        stats = new PipelineStats();
        var topology = AlarmPipeline.build(new AlarmPipeline.Parts(topics, catalog, rules, parser, config.clock(),
                config.sweepInterval(), config.allowedLateness(), config.clearedRetention(), NOTHING_WAITING,
                stats, runbooks, 1, stats), Stores::inMemoryKeyValueStore);
        // Never contacted: the driver only wants the setting.
        driver = new TopologyTestDriver(topology, StreamsProperties.of(config, "127.0.0.1:9", "pipeline-test",
                new RecordFailures(topics.deadLetters(), stats)), T0);
        events = driver.createInputTopic(topics.connectionEvents(), new StringSerializer(), new ByteArraySerializer());
        commands = driver.createInputTopic(topics.alarmCommands(), new StringSerializer(), new ByteArraySerializer());
        alarms = alarms == null ? new AlarmView() : alarms;
        return this;
    }

    /**
     * Stops the engine and starts it again on the same topics, its stores restored from their
     * changelogs as Kafka Streams restores them after a restart (the driver itself would start
     * with empty stores): whatever the stages kept survives, what was only in memory does not.
     * The mirror of {@code alm.alarms} (the API's view) carries on, as it does in an engine.
     */
    public PipelineHarness restart() {
        drain();
        outputs.clear();
        driver.close();
        driver = null;
        start();
        for (var store : driver.getAllStateStores().entrySet()) {
            var records = changelogs.getOrDefault(changelogOf(store.getKey()), List.of());
            @SuppressWarnings("unchecked")
            var bytes = (org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>)
                    innermost(store.getValue());
            for (TestRecord<byte[], byte[]> r : records) {
                var key = org.apache.kafka.common.utils.Bytes.wrap(r.key());
                if (r.value() == null) {
                    bytes.delete(key);
                } else {
                    bytes.put(key, r.value());
                }
            }
        }
        return this;
    }

    /** The store under its metering and change-logging layers: the one that holds the bytes. */
    private static org.apache.kafka.streams.processor.StateStore innermost(org.apache.kafka.streams.processor.StateStore store) {
        while (store instanceof org.apache.kafka.streams.state.internals.WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        return store;
    }

    /**
     * The driver starts a task with nothing in its topics but what the test sends next, so there is
     * no backlog to read before the first sweep.
     */
    private static final DetectProcessor.CatchUp NOTHING_WAITING = new DetectProcessor.CatchUp() {
        @Override
        public void begin(int partition) {
        }

        @Override
        public boolean caughtUp(int partition) {
            return true;
        }
    };

    @Override
    public void beforeAll(ExtensionContext context) {
        if (driver == null) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** As {@link EngineHarness#freshHour()}: the clock at the next whole hour no test of this harness had. */
    public Instant freshHour() {
        Instant start = T0.plus(Duration.ofHours(++hoursUsed));
        clockAt(start);
        return start;
    }

    /** ALM-24003 of {@code link}, active: a disconnect at a fresh hour, and the clock past its 3 minutes. */
    public Alarm raiseAtFreshHour(FlumeLink link) {
        Instant t = freshHour();
        send(link.disconnected(t));
        clockAt(t.plus(Duration.ofMinutes(3)));
        return awaitAlarm(link, Alarm::active);
    }

    /** Sends events to the events topic, keyed by connection id; they are applied when this returns. */
    public void send(ConnectionEvent... events) {
        long before = stats.eventsApplied();
        for (ConnectionEvent event : events) {
            pipe(event.connectionId(), json(event));
        }
        expect(stats.eventsApplied() >= before + events.length, events.length + " events applied");
        tick();
    }

    /** A reporter's watermark as a probe sends it, to the driver's one partition; applied when this returns. */
    public void sendWatermark(String reporter, Instant time) {
        long before = stats.watermarksApplied();
        pipe(reporter, json(new Watermark(reporter, time)));
        expect(stats.watermarksApplied() > before, "the watermark of " + reporter + " applied");
        tick();
    }

    /** Retires a connection the way a producer does (a tombstone on its key). */
    public void retire(FlumeLink link) {
        long before = stats.eventsApplied();
        pipe(link.connectionId(), null);
        expect(stats.eventsApplied() > before, "the retirement of " + link.connectionId() + " applied");
        tick();
    }

    /** A record on the events topic exactly as given, stamped with the engine's clock. */
    public void sendRaw(String key, byte[] value) {
        pipe(key, value);
        tick();
    }

    /**
     * A record as any producer could write it: to any topic the pipeline reads (the events topic,
     * the rekey topic), with its own headers, keyed as it likes.
     */
    public void produce(ProducerRecord<String, byte[]> record) {
        drain();
        // The topic holds it from now on, as a broker's log would, in order with what the pipeline writes there.
        var list = received.computeIfAbsent(record.topic(), t -> new ArrayList<>());
        list.add(new ConsumerRecord<>(record.topic(), PARTITION, list.size(), clock.instant().toEpochMilli(),
                TimestampType.CREATE_TIME, -1, -1, record.key(), record.value(), record.headers(), Optional.empty()));
        driver.createInputTopic(record.topic(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), clock.instant()));
        tick();
    }

    private void pipe(String key, byte[] value) {
        events.pipeInput(key, value, clock.instant());
    }

    /**
     * One sweep interval of wall-clock time at the engine's clock as it is: what an engine does
     * while a test sends and looks (its punctuators run every few milliseconds), e.g. raising at
     * once an alarm whose deadline an event just set in the past.
     */
    private void tick() {
        driver.advanceWallClockTime(config.sweepInterval());
        drain();
    }

    /**
     * An operator's command as the API publishes it (keyed by the alarm's connection id), and the
     * lifecycle stage's answer to it.
     */
    public CommandResult command(AlarmCommand command) {
        commands.pipeInput(command.connectionId(), json(command), clock.instant());
        tick();
        return readRecords(topics.commandResults()).stream()
                .map(r -> read(r.value(), CommandResult.class))
                .filter(r -> command.id().equals(r.commandId())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result for command " + command));
    }

    /**
     * Moves the clock and lets the driver's wall clock run one sweep interval, so every wall-clock
     * punctuator (detection's sweep, the retention of cleared alarms) runs once at that time.
     */
    public void clockAt(Instant instant) {
        clock.set(instant);
        tick();
        Instant swept = stats.sweptUpTo().get(PARTITION);
        expect(swept != null && !swept.isBefore(instant), "deadlines swept up to " + instant + " (were up to "
                + swept + ")");
    }

    public List<Alarm> alarmsOf(FlumeLink link) {
        return alarmsOf(link.connectionId());
    }

    public Alarm awaitAlarm(FlumeLink link, Predicate<Alarm> condition) {
        return awaitAlarm(link.connectionId(), condition);
    }

    /** The alarms of one connection, oldest first, as {@code alm.alarms} has them. */
    public List<Alarm> alarmsOf(String connectionId) {
        return alarms().all().stream().filter(a -> a.connectionId().equals(connectionId))
                .sorted(Comparator.comparingLong(Alarm::serialNo)).toList();
    }

    /** The first alarm of the connection that meets {@code condition}; there is nothing to wait for. */
    public Alarm awaitAlarm(String connectionId, Predicate<Alarm> condition) {
        return alarmsOf(connectionId).stream().filter(condition).findFirst().orElseThrow(() -> new AssertionError(
                "no alarm of " + connectionId + " meets the condition; its alarms: " + alarmsOf(connectionId)));
    }

    /** The alarms as the engine's view mirrors them from {@code alm.alarms} (what the API serves). */
    public AlarmView alarms() {
        drain();
        return alarms;
    }

    /** How many times the rules have been asked about a connection so far. */
    public long rulesEvaluated() {
        return stats.rulesEvaluated();
    }

    /** Every record on the alarm-events topic so far (what a downstream consumer sees). */
    public List<Map<String, Object>> alarmEvents() {
        return readAll(topics.alarmEvents());
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> readAll(String topic) {
        var out = new ArrayList<Map<String, Object>>();
        for (ConsumerRecord<String, byte[]> r : readRecords(topic)) {
            out.add(r.value() == null ? null : read(r.value(), Map.class));
        }
        return out;
    }

    public long eventsApplied() {
        return stats.eventsApplied();
    }

    /** Fails unless at least {@code count} events have been applied in all: everything sent has been. */
    public void awaitEventsApplied(long count) {
        expect(stats.eventsApplied() >= count, count + " events applied (were " + stats.eventsApplied() + ")");
    }

    /** The changelog topic Kafka Streams keeps for one of the engine's state stores. */
    public String changelogOf(String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    /** Every record the topology wrote to {@code topic} so far, raw: key, value bytes and headers as written. */
    public List<ConsumerRecord<String, byte[]>> readRecords(String topic) {
        drain();
        return List.copyOf(received.getOrDefault(topic, List.of()));
    }

    /** Takes what the driver has produced since the last look, and mirrors {@code alm.alarms} into the view. */
    private void drain() {
        var keys = new StringDeserializer();
        for (String topic : driver.producedTopicNames()) {
            var output = outputs.computeIfAbsent(topic,
                    t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
            var list = received.computeIfAbsent(topic, t -> new ArrayList<>());
            for (TestRecord<byte[], byte[]> r : output.readRecordsToList()) {
                if (topic.endsWith("-changelog")) {
                    changelogs.computeIfAbsent(topic, t -> new ArrayList<>()).add(r);
                }
                list.add(new ConsumerRecord<>(topic, PARTITION, list.size(), r.timestamp(), TimestampType.CREATE_TIME,
                        -1, -1, keys.deserialize(topic, r.key()), r.value(), r.headers(), Optional.empty()));
                if (topic.equals(topics.alarms())) {
                    alarms.accept(keys.deserialize(topic, r.key()), r.value());
                }
            }
        }
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("the pipeline did not get this far: " + what);
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
            driver = null;
        }
    }
}
