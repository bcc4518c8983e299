package io.almengine.testing;

import static org.awaitility.Awaitility.await;

import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.model.Alarm;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import io.almengine.pipeline.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An engine in this JVM on the shared test broker, with its own topics and a clock the test
 * moves. Events go in through Kafka exactly as a producer would send them.
 *
 * <p>A test class that shares one engine among its tests registers it as
 * {@code @RegisterExtension static final EngineHarness harness = new EngineHarness();}: the engine
 * starts before the first test and stops after the last, as each class used to arrange by hand.
 *
 * <p>{@link PipelineHarness} speaks the same vocabulary on the topology alone, without a broker:
 * behaviour tests of rules and lifecycle use it; this one is for what needs the whole engine
 * (restarts, several partitions or instances, the HTTP API, exactly-once across a crash).
 */
public final class EngineHarness implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    public final MutableClock clock = new MutableClock(T0);
    public final Topics topics = new Topics("t" + UUID.randomUUID().toString().substring(0, 8) + ".");
    public final Path dataDir;
    private EngineConfig config;
    private Engine engine;
    private final KafkaProducer<String, byte[]> producer;
    private int hoursUsed;

    public EngineHarness() {
        this(repoFolder("alarm-definitions"), repoFolder("rules"), repoFolder("runbooks"));
    }

    public EngineHarness(Path definitions, Path rules, Path runbooks) {
        try {
            dataDir = Files.createTempDirectory("alm-engine-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config = EngineConfig.defaults().toBuilder()
                .httpPort(0).dataDir(dataDir)
                .definitionsDir(definitions).rulesDir(rules).runbooksDir(runbooks)
                .kafkaBootstrap(TestBroker.bootstrap())
                .topics(topics).applicationId(topics.prefix() + "engine")
                .partitions(2)
                // Tests move the clock and send events one at a time, hundreds of them, and wait for each
                // to be swept or applied. An idle stream thread sweeps only after a poll times out (100 ms
                // by default) and a re-keyed event (Fluentd's, grouped by client) reaches detection only
                // after a commit: with the engine's settings each step cost 100-200 ms of waiting, and
                // FluentdAggregatorAlarmTest two minutes. Short intervals change when, not what.
                .sweepInterval(Duration.ofMillis(10))
                // Judged on the moved clock at once, as before allowed lateness existed: the boundary
                // tests (no alarm at 2:59, an alarm at 3:00) mean the instant the clock is set to.
                // Tests of lateness and watermarks set their own.
                .allowedLateness(Duration.ZERO)
                .streams(EngineConfig.defaults().streams()
                        .withPoll(Duration.ofMillis(5)).withCommitInterval(Duration.ofMillis(5)))
                // The tests' clock starts in 2026-11; the wall clock may be anywhere.
                .maxFutureSkew(Duration.ofDays(36500))
                .clock(clock)
                .build();
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A wait on the engine that looks at once and then every few milliseconds. Awaitility's default
     * first looks after 100 ms and then every 100 ms: a test that sends a few hundred heartbeats,
     * each a send and a clock move that are done within milliseconds, then spent most of its time
     * asleep (FluentdAggregatorAlarmTest took two minutes). What the waits check is unchanged.
     */
    public static ConditionFactory awaitEngine() {
        return await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(30));
    }

    /**
     * An engine (not started) whose shipped definitions take their log globs from under {@code logs}
     * and whose collector may read {@code clientLogs} only, with log times read in UTC.
     */
    public static EngineHarness collectingLogs(Path logs, Path clientLogs) {
        return new EngineHarness(Definitions.withLogGlobsUnder(logs), repoFolder("rules"), repoFolder("runbooks"))
                .configure(c -> c.logRoots(List.of(clientLogs))
                        .collect(EngineConfig.defaults().collect().withLogZone(ZoneOffset.UTC)));
    }

    public static Path repoFolder(String name) {
        return Path.of(System.getProperty("alm.repo.root", "..")).resolve(name);
    }

    /** Changes settings before {@link #start()}, e.g. a shorter retention. */
    public EngineHarness configure(java.util.function.UnaryOperator<EngineConfig.Builder> change) {
        config = change.apply(config.toBuilder()).build();
        return this;
    }

    public EngineHarness start() {
        try {
            engine = Engine.start(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    public Engine engine() {
        return engine;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (engine == null) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * Moves the clock to the next whole hour this harness has not handed out yet and returns it.
     * Tests sharing an engine each start at their own hour, so deadlines and clocks left behind by
     * earlier tests (an hour is far more than any threshold) cannot reach into a later one.
     */
    public Instant freshHour() {
        Instant start;
        synchronized (this) {
            start = T0.plus(Duration.ofHours(++hoursUsed));
        }
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

    /**
     * Starts a second instance of the same engine, as an operator scales out: same topics and
     * application id (the two share the work), its own data directory holding the first one's
     * admin token. The caller closes it.
     */
    public Engine startAnotherInstance() {
        return startAnotherInstance(true);
    }

    /** Another instance whose data directory is new and holds no admin token: it makes its own. */
    public Engine startAnotherInstanceWithoutTheAdminToken() {
        return startAnotherInstance(false);
    }

    private Engine startAnotherInstance(boolean sharingTheAdminToken) {
        try {
            Path dir = Files.createTempDirectory("alm-engine-test-2");
            if (sharingTheAdminToken) {
                Files.copy(engine.adminTokenFile(), dir.resolve("admin.token"));
            }
            return Engine.start(config.toBuilder().dataDir(dir).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends events to the events topic, keyed by connection id, and waits until the engine applied them. */
    public void send(ConnectionEvent... events) {
        long before = engine.stats().eventsApplied();
        for (ConnectionEvent event : events) {
            try {
                sendRaw(event.connectionId(), Json.MAPPER.writeValueAsBytes(event));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        awaitEngine()
                .until(() -> engine.stats().eventsApplied() >= before + events.length);
    }

    /**
     * A reporter's watermark as a probe sends it: to every partition of the events topic, keyed by
     * the reporter; waits until every partition's task has applied it (and swept what it made due).
     */
    public void sendWatermark(String reporter, Instant time) {
        byte[] value;
        try {
            value = Json.MAPPER.writeValueAsBytes(new Watermark(reporter, time));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long before = engine.stats().watermarksApplied();
        try {
            for (var partition : producer.partitionsFor(topics.connectionEvents())) {
                producer.send(new ProducerRecord<>(topics.connectionEvents(), partition.partition(), reporter, value))
                        .get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        awaitEngine().until(() -> engine.stats().watermarksApplied() >= before + config.partitions());
    }

    /** Retires a connection the way a producer does (a tombstone on its key) and waits until it is applied. */
    public void retire(FlumeLink link) {
        long before = engine.stats().eventsApplied();
        sendRaw(link.connectionId(), null);
        awaitEngine().until(() -> engine.stats().eventsApplied() > before);
    }

    public void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topics.connectionEvents(), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Moves the clock and waits until every partition's deadlines have been checked at that time. */
    public void clockAt(Instant instant) {
        clock.set(instant);
        awaitEngine().until(() -> {
            Map<Integer, Instant> swept = engine.stats().sweptUpTo();
            return swept.size() == config.partitions() && swept.values().stream().noneMatch(i -> i.isBefore(instant));
        });
    }

    public List<Alarm> alarmsOf(FlumeLink link) {
        return alarmsOf(link.connectionId());
    }

    public Alarm awaitAlarm(FlumeLink link, java.util.function.Predicate<Alarm> condition) {
        return awaitAlarm(link.connectionId(), condition);
    }

    /** The alarms of one connection, oldest first. */
    public List<Alarm> alarmsOf(String connectionId) {
        return engine.alarms().all().stream().filter(a -> a.connectionId().equals(connectionId))
                .sorted(java.util.Comparator.comparingLong(Alarm::serialNo)).toList();
    }

    public Alarm awaitAlarm(String connectionId, java.util.function.Predicate<Alarm> condition) {
        return awaitEngine().until(
                () -> alarmsOf(connectionId).stream().filter(condition).findFirst().orElse(null), a -> a != null);
    }

    /** The alarms as the engine's view mirrors them from {@code alm.alarms} (what the API serves). */
    public io.almengine.view.AlarmView alarms() {
        return engine.alarms();
    }

    /** How many times the rules have been asked about a connection so far. */
    public long rulesEvaluated() {
        return engine.stats().rulesEvaluated();
    }

    /** Every record on the alarm-events topic so far, as committed (what a downstream consumer sees). */
    public List<Map<String, Object>> alarmEvents() {
        return readAll(topics.alarmEvents());
    }

    public List<Map<String, Object>> readAll(String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var out = new ArrayList<Map<String, Object>>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> value = r.value() == null ? null : Json.MAPPER.readValue(r.value(), Map.class);
                        out.add(value);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return out;
    }

    /** How many events (and retirements) the engine has applied so far. */
    public long eventsApplied() {
        return engine.stats().eventsApplied();
    }

    /** Waits until the engine has applied at least {@code count} events in all (see {@link #eventsApplied()}). */
    public void awaitEventsApplied(long count) {
        awaitEngine().until(() -> engine.stats().eventsApplied() >= count);
    }

    /** The admin token the engine wrote on its first start. */
    public String adminToken() {
        try {
            return Files.readString(engine.adminTokenFile()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The changelog topic Kafka Streams keeps for one of the engine's state stores. */
    public String changelogOf(String store) {
        return config.applicationId() + "-" + store + "-changelog";
    }

    /** Kafka Streams' state folder of one of the engine's tasks (e.g. {@code 0_1}: subtopology 0, partition 1). */
    public Path taskStateDir(String taskId) {
        return dataDir.resolve("streams").resolve(config.applicationId()).resolve(taskId);
    }

    /** Every committed record on {@code topic} so far, raw: key, value bytes and headers as written. */
    public List<ConsumerRecord<String, byte[]>> readRecords(String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var out = new ArrayList<ConsumerRecord<String, byte[]>>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @Override
    public void close() {
        stopEngine();
        producer.close();
    }
}
