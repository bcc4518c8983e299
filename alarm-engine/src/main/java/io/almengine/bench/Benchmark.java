package io.almengine.bench;

import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.kafka.EmbeddedBroker;
import io.almengine.model.EventType;
import io.almengine.pipeline.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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
import org.apache.kafka.common.utils.Utils;

/**
 * One bench run, in phases, each printed to {@code log} as it goes:
 * <ol>
 *   <li>the engine starts on empty topics: its live heap and RSS are the baseline; then it drains a warm-up
 *       fleet of its own and retires it again, so that the figures below are those of a compiled (JIT) engine;</li>
 *   <li>the backlog is produced while the engine is stopped: one CONNECTED per connection, then rounds
 *       of heartbeats, a fraction of them replaced by a short disconnect and reconnect;</li>
 *   <li>a plain consumer reads the backlog twice, timed the second time: the ceiling;</li>
 *   <li>the engine starts again and drains the backlog: its throughput, then memory with every connection tracked;</li>
 *   <li>the live phase: the fleet at its own rate while outages raise and clear alarms ({@link LivePhase});</li>
 *   <li>the engine is stopped and started again as {@code run} in a JVM of its own, then killed (SIGKILL) and
 *       started again, then stopped and started with its local state deleted (a new machine): each start is
 *       timed until it processes events again ({@link EngineChild}).</li>
 * </ol>
 */
public final class Benchmark {

    private static final Duration STALL = Duration.ofSeconds(120);

    private final BenchSettings settings;
    private final PrintStream log;
    private final Fleet fleet;
    private final Topics topics = Topics.DEFAULT;

    public Benchmark(BenchSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        this.fleet = Fleet.of(settings.fleet(), "bench", settings.connections());
    }

    public BenchResult run() throws Exception {
        boolean temporary = settings.workDir() == null;
        Path work = temporary ? Files.createTempDirectory("alm-bench") : Files.createDirectories(settings.workDir());
        try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("broker"), 0)) {
            return run(work, broker.bootstrap());
        } finally {
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    private BenchResult run(Path work, String bootstrap) throws Exception {
        EngineConfig config = engineConfig(settings, work, bootstrap).build();

        log.printf("bench: %d connections, heartbeat every %s, %.1f%% flapping, raiseAfter %s, %d partitions%n",
                settings.connections(), settings.heartbeatInterval(), settings.flapFraction() * 100,
                settings.raiseAfter(), settings.partitions());
        log.printf("allowed lateness %s; %s%n", settings.allowedLateness(), settings.watermarkInterval() == null
                ? "no watermarks (a plain producer: raises wait for the allowed lateness)"
                : "the live phase is a reporter sending a watermark every " + settings.watermarkInterval());
        if (fleet.heartbeatsOnly()) {
            log.printf("fleet: %s agents that only heartbeat (no flaps in the backlog; they heartbeat at the"
                    + " fleet's rate from before the drain to the end of the live phase)%n", settings.fleet());
        }
        long heapEmpty;
        long rssEmpty;
        try (Engine engine = Engine.start(config)) {
            heapEmpty = MemoryProbe.liveHeapBytes();
            rssEmpty = MemoryProbe.rssBytes();
            log.printf("empty engine: live heap %d MiB, RSS %d MiB%n", heapEmpty >> 20, rssEmpty >> 20);
            warmUp(engine, bootstrap);
        }

        Map<TopicPartition, Long> backlogStart = endOffsets(bootstrap);
        long backlog = produceBacklog(bootstrap);
        rawConsume(bootstrap, backlogStart, backlog);
        double raw = rawConsume(bootstrap, backlogStart, backlog);

        LivePhase livePhase = new LivePhase(fleet, settings, bootstrap, topics.connectionEvents());
        if (fleet.heartbeatsOnly()) {
            // Agents that only heartbeat would all be silent past the threshold by the time the
            // backlog is drained: the fleet beats on, as a real one would, while the engine drains.
            livePhase.startBeating();
        }
        Engine engine = Engine.start(config);
        try {
            Drain drained = drain(engine, backlog);
            long heap = MemoryProbe.liveHeapBytes();
            long rss = MemoryProbe.rssBytes();
            log.printf("all %d connections tracked: live heap %d MiB, RSS %d MiB%n", settings.connections(),
                    heap >> 20, rss >> 20);

            log.printf("live phase: %s at the fleet's rate, %d flapping connections%n", settings.live(),
                    settings.liveFlappers());
            LivePhase.Outcome live = livePhase.run(engine.alarms());
            log.printf("live: %.0f heartbeats/s; raise lateness %s; clear latency %s%n", live.heartbeatsPerSec(),
                    live.raiseLateness(), live.clearLatency());

            engine.close();
            engine = null;
            Double restart = null;
            Double recovery = null;
            Double fullRestore = null;
            if (settings.restarts()) {
                List<String> run = runOptions(config, work);
                try (EngineChild first = EngineChild.start(run, work.resolve("restart.log"))) {
                    restart = timedStart(first, bootstrap, "restart after a clean stop");
                    first.kill();
                }
                try (EngineChild second = EngineChild.start(run, work.resolve("recovery.log"))) {
                    recovery = timedStart(second, bootstrap, "restart after SIGKILL");
                }
                deleteTree(config.dataDir().resolve("streams"));
                try (EngineChild third = EngineChild.start(run, work.resolve("restore.log"))) {
                    fullRestore = timedStart(third, bootstrap,
                            "start without local state (restored from the changelogs)");
                }
            } else {
                log.println("restarts: skipped (--no-restarts)");
            }

            Latencies raise = live.raiseLateness();
            Latencies clear = live.clearLatency();
            return new BenchResult(settings.connections(), backlog,
                    settings.connections() / (settings.heartbeatInterval().toMillis() / 1000.0), raw,
                    drained.eventsPerSec(), drained.cpuMicrosPerEvent(), drained.loadAverage(), live.heartbeatsPerSec(),
                    orNull(raise.p50Ms()), orNull(raise.p99Ms()), orNull(raise.maxMs()), raise.count(),
                    orNull(clear.p50Ms()), orNull(clear.p99Ms()), orNull(clear.maxMs()), clear.count(),
                    live.missingRaises(), live.missingClears(), live.duplicateRaises(), live.falseAlarms(),
                    heapEmpty, heap, (heap - heapEmpty) / (double) settings.connections(), rssEmpty, rss,
                    restart, recovery, fullRestore, settings.allowedLateness().toMillis(),
                    settings.watermarkInterval() == null ? null : settings.watermarkInterval().toMillis());
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    /**
     * The engine every bench phase runs: the bench's topics, partitions, threads and allowed lateness,
     * its own data folder under {@code work}, and the definitions with the bench's threshold.
     */
    static EngineConfig.Builder engineConfig(BenchSettings settings, Path work, String bootstrap) throws IOException {
        EngineConfig base = EngineConfig.defaults();
        var builder = base.toBuilder()
                .httpPort(0)
                .dataDir(work.resolve("engine"))
                .definitionsDir(definitionsWithRaiseAfter(settings, work.resolve("definitions")))
                .rulesDir(settings.rulesDir())
                .runbooksDir(settings.runbooksDir())
                .kafkaBootstrap(bootstrap)
                .partitions(settings.partitions())
                .topics(Topics.DEFAULT)
                .applicationId("alm-bench")
                .allowedLateness(settings.allowedLateness());
        if (settings.streamThreads() > 0) {
            builder.streams(base.streams().withThreads(settings.streamThreads()));
        }
        return builder;
    }

    /** Produces the backlog: the fleet's events, round by round (see {@link #produceRounds}). */
    private long produceBacklog(String bootstrap) throws Exception {
        long t0 = System.nanoTime();
        long sent = produceRounds(bootstrap, fleet, settings.backlogRounds(), settings.heartbeatInterval(), false);
        log.printf("backlog: %d events in %d rounds, produced in %.1f s%n", sent, settings.backlogRounds(),
                (System.nanoTime() - t0) / 1e9);
        return sent;
    }

    /**
     * Produces {@code rounds} rounds of a fleet's events, so each connection's events are in time
     * order: one CONNECTED per connection, then a heartbeat per round, a fraction of them replaced by
     * a disconnect and a reconnect half the threshold later (no alarm). Event times lie in the past,
     * {@code interval} apart. {@code retire}: a tombstone per connection at the end.
     */
    private long produceRounds(String bootstrap, Fleet of, int rounds, Duration interval, boolean retire)
            throws Exception {
        // An agent that only heartbeats has no link to flap; its silences are timed in the live phase.
        int period = of.heartbeatsOnly() ? 0 : settings.flapPeriod();
        long intervalMs = interval.toMillis();
        long halfThresholdMs = settings.raiseAfter().toMillis() / 2;
        Instant base = of.backlogBase(Instant.now(), rounds, interval);
        var failure = new AtomicReference<Exception>();
        long sent = 0;
        try (var producer = backlogProducer(bootstrap)) {
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < of.size(); i++) {
                    Instant at = base.plusMillis(round * intervalMs + (i * 7919L) % (intervalMs / 2));
                    String id = of.connectionId(i);
                    if (round == 0) {
                        sent += send(producer, id, of.event(i, EventType.CONNECTED, at), failure);
                    } else if (period > 0 && (i + round) % period == 0) {
                        sent += send(producer, id, of.event(i, EventType.DISCONNECTED, at), failure);
                        sent += send(producer, id, of.event(i, EventType.CONNECTED, at.plusMillis(halfThresholdMs)),
                                failure);
                    } else {
                        sent += send(producer, id, of.event(i, EventType.HEARTBEAT, at), failure);
                    }
                }
            }
            if (retire) {
                for (int i = 0; i < of.size(); i++) {
                    sent += send(producer, of.connectionId(i), null, failure);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce to " + topics.connectionEvents(), failure.get());
        }
        return sent;
    }

    private int send(KafkaProducer<String, byte[]> producer, String key, byte[] value,
                     AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topics.connectionEvents(), key, value), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return 1;
    }

    private Map<TopicPartition, Long> endOffsets(String bootstrap) {
        try (var consumer = rawConsumer(bootstrap)) {
            String topic = topics.connectionEvents();
            return consumer.endOffsets(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
        }
    }

    /** Reads the backlog (from {@code start}) with the deserializers and isolation level of the engine's own source. */
    private double rawConsume(String bootstrap, Map<TopicPartition, Long> start, long expected) {
        long count = 0;
        long bytes = 0;
        long t0;
        long t1;
        try (var consumer = rawConsumer(bootstrap)) {
            List<TopicPartition> partitions = List.copyOf(start.keySet());
            consumer.assign(partitions);
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            t0 = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    count++;
                    bytes += r.key().length() + r.value().length;
                }
                if (System.nanoTime() - t0 > STALL.toNanos()) {
                    throw new IllegalStateException("raw consumer stalled after " + count + " records");
                }
            }
            t1 = System.nanoTime();
        }
        if (count != expected) {
            throw new IllegalStateException("raw consumer read " + count + " records, expected " + expected);
        }
        double rate = count / ((t1 - t0) / 1e9);
        log.printf("raw consumer: %d records (%d MiB) at %.0f records/s%n", count, bytes >> 20, rate);
        return rate;
    }

    private static KafkaConsumer<String, byte[]> rawConsumer(String bootstrap) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Events applied per second from the moment the engine is up until the backlog is done; also the
     * CPU time the process (engine and broker) spent per event, which other load on the machine
     * disturbs less than the rate.
     */
    private Drain drain(Engine engine, long backlog) throws InterruptedException {
        long cpu0 = MemoryProbe.processCpuNanos();
        var threadCpu = new ThreadCpu();
        double load0 = MemoryProbe.loadAverage();
        long t0 = System.nanoTime();
        long a0 = engine.stats().eventsApplied();
        long last = a0;
        long lastProgress = t0;
        long nextReport = t0 + 5_000_000_000L;
        while (true) {
            long applied = engine.stats().eventsApplied();
            long now = System.nanoTime();
            if (applied >= backlog) {
                double rate = (applied - a0) / ((now - t0) / 1e9);
                double cpuMicros = (MemoryProbe.processCpuNanos() - cpu0) / 1e3 / (applied - a0);
                double load = Math.max(load0, MemoryProbe.loadAverage());
                log.printf("engine: drained %d events at %.0f events/s, %.1f us of CPU per event, load average %.1f%n",
                        applied, rate, cpuMicros, load);
                log.println(threadCpu.report(applied - a0));
                return new Drain(rate, cpuMicros, load);
            }
            if (applied > last) {
                last = applied;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("the engine stalled at " + applied + " of " + backlog + " events");
            }
            if (now > nextReport) {
                log.printf("  ... %d of %d events applied%n", applied, backlog);
                nextReport = now + 5_000_000_000L;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Times a start (already under way) until the engine has applied a fresh event on every
     * partition: one heartbeat per partition is sent as it starts.
     */
    private double timedStart(EngineChild child, String bootstrap, String what) throws Exception {
        long t0 = System.nanoTime();
        int probes = sendProbes(bootstrap);
        child.awaitEventsApplied(probes, STALL.multipliedBy(2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf("%s: processing again after %.1f s%n", what, seconds);
        return seconds;
    }

    /** The options of {@code run} for the same engine the bench ran in-process. */
    private List<String> runOptions(EngineConfig config, Path work) {
        var options = new ArrayList<>(List.of("--http-port", "0", "--data-dir", config.dataDir().toString(),
                "--definitions", config.definitionsDir().toString(), "--rules", config.rulesDir().toString(),
                "--runbooks", config.runbooksDir().toString(), "--kafka-bootstrap", config.kafkaBootstrap(),
                "--partitions", Integer.toString(config.partitions()), "--application-id", config.applicationId(),
                "--stream-threads", Integer.toString(config.streams().threads()),
                "--allowed-lateness", config.allowedLateness().toString()));
        return options;
    }

    /**
     * Runs the empty engine through a fleet of its own (another source, so no connection is
     * shared) and retires that fleet again, so the measured phases find the code compiled.
     */
    private void warmUp(Engine engine, String bootstrap) throws Exception {
        if (settings.warmUpEvents() <= 0) {
            return;
        }
        int size = (int) Math.min(settings.connections(), 100_000);
        long t0 = System.nanoTime();
        int rounds = (int) Math.max(3, settings.warmUpEvents() / size);
        Fleet warmUp = Fleet.of(settings.fleet(), "warmup", size);
        // The engine sweeps while it reads the warm-up: agents that only heartbeat must not have been
        // silent for the threshold by then, so their rounds are stamped within half of it.
        Duration interval = warmUp.heartbeatsOnly()
                ? Duration.ofMillis(Math.max(2, settings.raiseAfter().toMillis() / (2L * rounds)))
                : settings.heartbeatInterval();
        long sent = produceRounds(bootstrap, warmUp, rounds, interval, true);
        long applied = engine.stats().eventsApplied();
        while (applied < sent) {
            if (System.nanoTime() - t0 > STALL.multipliedBy(3).toNanos()) {
                throw new IllegalStateException("warm-up: " + applied + " of " + sent + " events applied");
            }
            Thread.sleep(50);
            applied = engine.stats().eventsApplied();
        }
        log.printf("warm-up: %d events for %d connections, then retired, in %.1f s%n", sent, size,
                (System.nanoTime() - t0) / 1e9);
    }

    private int sendProbes(String bootstrap) throws Exception {
        Set<Integer> covered = new HashSet<>();
        Instant now = Instant.now();
        try (var producer = backlogProducer(bootstrap)) {
            for (int i = 0; i < fleet.size() && covered.size() < settings.partitions(); i++) {
                String id = fleet.connectionId(i);
                int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
                        % settings.partitions();
                if (covered.add(partition)) {
                    producer.send(new ProducerRecord<>(topics.connectionEvents(), id,
                            fleet.event(i, EventType.HEARTBEAT, now))).get();
                }
            }
        }
        return covered.size();
    }

    private record Drain(double eventsPerSec, double cpuMicrosPerEvent, double loadAverage) {
    }

    private static KafkaProducer<String, byte[]> backlogProducer(String bootstrap) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-backlog");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A copy of the definitions with every {@code raiseAfter} set to the bench's threshold, and so
     * is a report window (ALM-24101): a silent agent then meets both stages at its last heartbeat
     * plus the threshold, the moment the live phase times its raise from.
     */
    private static Path definitionsWithRaiseAfter(BenchSettings settings, Path target) throws IOException {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(settings.definitionsDir())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".*\\.ya?ml")).toList()) {
                String text = Files.readString(file);
                Files.writeString(target.resolve(file.getFileName()),
                        text.replaceAll("(?m)^raiseAfter:\\s*\\S+", "raiseAfter: " + settings.raiseAfter())
                                .replaceAll("(?m)^(\\s+reportWindow:\\s*\\{[^}]*default:\\s*)[^,}\\s]+", "$1" + settings.raiseAfter()));
            }
        }
        return target;
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
