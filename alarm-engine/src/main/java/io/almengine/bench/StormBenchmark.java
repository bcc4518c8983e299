package io.almengine.bench;

import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.kafka.EmbeddedBroker;
import io.almengine.model.Alarm;
import io.almengine.model.EventType;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import io.almengine.pipeline.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench --storm N}: a Flume outage as it reaches the engine, and nothing else (no backlog,
 * no throughput or restart phases, so a storm run stays short):
 * <ol>
 *   <li>the engine starts on empty topics with a notifications file of one webhook receiver with a rate
 *       limit, served by the bench on 127.0.0.1 ({@link StormReceiver});</li>
 *   <li>a smaller storm of other clients, server ports and reporters is raised and cleared, so the
 *       measured one finds the code compiled (its messages go to a receiver of their own);</li>
 *   <li>N clients spread over a few Flume server ports connect, each port's events naming its
 *       reporter (the probe on that server), which sends a watermark every interval from then on;
 *       the bench waits until the engine has applied every connect;</li>
 *   <li>all N disconnect, sent as fast as one producer goes (within a second), and the bench waits until
 *       every client's ALM-24003 is in the engine's alarm view; meanwhile it asks
 *       {@code GET /api/alarms} for the first page again and again, over HTTP with a token;</li>
 *   <li>it waits for the receiver's messages to settle, then counts the active ALM-24900 alarms
 *       ("Flume server port lost its clients"), per server port.</li>
 * </ol>
 * Lateness is timed as the live phase times it: alarm visible in the alarm view − (the disconnect's
 * event time + raiseAfter).
 */
final class StormBenchmark {

    static final int PARENT_ALARM_ID = 24900;
    private static final int CLIENT_ALARM_ID = 24003;
    private static final Duration STALL = Duration.ofSeconds(120);
    /** Short against Alertmanager's 5 minutes, so that a storm's follow-up messages come within the run. */
    private static final Duration GROUP_WAIT = Duration.ofSeconds(1);
    private static final Duration GROUP_INTERVAL = Duration.ofSeconds(10);
    private static final int API_WARM_UP_REQUESTS = 300;

    private final BenchSettings settings;
    private final StormSettings storm;
    private final PrintStream log;
    private final StormFleet fleet;
    private final StormFleet warmUp;
    /** Warm-up clients with an active alarm now, by index. */
    private final Set<Integer> warmUpActive = ConcurrentHashMap.newKeySet();
    private final String topic = Topics.DEFAULT.connectionEvents();

    /** Each client's disconnect event time, epoch ms; 0 until it is sent. */
    private final AtomicLongArray disconnectedAtMs;
    private final AtomicIntegerArray raisesPerClient;
    private final AtomicInteger clientsRaised = new AtomicInteger();
    private final AtomicInteger duplicateRaises = new AtomicInteger();
    private final AtomicLong lastRaiseSeenMs = new AtomicLong();
    private final Set<Long> raisedSerials = ConcurrentHashMap.newKeySet();
    /** Active ALM-24900 alarms by serial number, with their server port ({@code host:port}). */
    private final Map<Long, String> activeParents = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> lateness = new ConcurrentLinkedQueue<>();
    /** Stamping and sending an event shares it; reading a watermark's time takes it alone. */
    private final ReadWriteLock stamping = new ReentrantReadWriteLock();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    StormBenchmark(BenchSettings settings, StormSettings storm, PrintStream log) {
        this.settings = settings;
        this.storm = storm;
        this.log = log;
        this.fleet = StormFleet.measured(storm.clients(), storm.ports());
        this.warmUp = StormFleet.warmUp(Math.min(storm.clients(), storm.warmUpClients()), storm.ports());
        this.disconnectedAtMs = new AtomicLongArray(storm.clients());
        this.raisesPerClient = new AtomicIntegerArray(storm.clients());
    }

    StormResult run() throws Exception {
        boolean temporary = settings.workDir() == null;
        Path work = temporary ? Files.createTempDirectory("alm-bench-storm")
                : Files.createDirectories(settings.workDir());
        try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("broker"), 0);
             StormReceiver receiver = StormReceiver.start()) {
            return run(work, broker.bootstrap(), receiver);
        } finally {
            if (temporary) {
                Benchmark.deleteTree(work);
            }
        }
    }

    private StormResult run(Path work, String bootstrap, StormReceiver receiver) throws Exception {
        EngineConfig config = Benchmark.engineConfig(settings, work, bootstrap)
                .notifications(EngineConfig.defaults().notifications()
                        .withFile(notificationsFile(work, receiver), true))
                .build();
        log.printf("storm: %d clients over %d server ports, raiseAfter %s, a watermark per port every %s,"
                        + " %d partitions; webhook limited to %d messages a minute; %s%n", storm.clients(), storm.ports(),
                settings.raiseAfter(), storm.watermarkInterval(), settings.partitions(), storm.perMinute(),
                storm.consoles() == 0 ? "the alarm list's first page asked back to back"
                        : storm.consoles() + " consoles reloading the alarm list twice a second");
        try (Engine engine = Engine.start(config); var events = producer(bootstrap, "events", 5);
             var marks = producer(bootstrap, "marks", 0)) {
            ScheduledExecutorService watermarks = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-storm-watermarks");
                t.setDaemon(true);
                return t;
            });
            try {
                return storm(engine, receiver, events, marks, watermarks);
            } finally {
                // Before the producers close: a watermark must not be sent on a closed one.
                watermarks.shutdownNow();
                watermarks.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private StormResult storm(Engine engine, StormReceiver receiver, KafkaProducer<String, byte[]> events,
                              KafkaProducer<String, byte[]> marks, ScheduledExecutorService watermarks)
            throws Exception {
        engine.alarms().onChange(this::observe);
        watermarks.scheduleAtFixedRate(() -> sendWatermarks(events, marks), 0,
                storm.watermarkInterval().toNanos(), TimeUnit.NANOSECONDS);

        warmUp(engine, events);
        connectAll(engine, events, fleet);
        var api = new ApiSampler("http://127.0.0.1:" + engine.httpPort() + "/api/alarms",
                Files.readString(engine.adminTokenFile()).trim(), storm.requestInterval());
        api.warmUp(API_WARM_UP_REQUESTS);

        // Wall-clock figures move with whatever else runs on the machine; CPU per client does not.
        var cpu = new ThreadCpu();
        long stormStartNanos = System.nanoTime();
        api.start();
        long spreadMs;
        Double secondsUntilAllRaised;
        Double cpuPerClientUs;
        try {
            spreadMs = disconnectAll(events, fleet);
            log.printf("storm: %d disconnects sent within %d ms%n", storm.clients(), spreadMs);
            secondsUntilAllRaised = awaitRaises(stormStartNanos);
            cpuPerClientUs = secondsUntilAllRaised == null ? null
                    : Math.round(cpu.processNanos() / 100.0 / storm.clients()) / 10.0;
            log.println("storm: " + cpu.report(storm.clients(), "client, first disconnect to last raise"));
        } finally {
            api.stop();
        }
        failOnSendFailure();
        awaitParents(stormStartNanos);
        awaitNotifications(engine, receiver);

        Map<String, Integer> perPort = parentsPerPort();
        int parents = perPort.values().stream().mapToInt(Integer::intValue).sum();
        int named = (int) raisedSerials.stream().filter(receiver::named).count();
        int underNamedParent = (int) raisedSerials.stream()
                .filter(serial -> !receiver.named(serial) && told(engine, receiver, serial)).count();
        int maxPerMinute = receiver.maxInAnyMinute();
        Latencies late = Latencies.of(lateness);
        Latencies page = api.latencies();
        log.printf("storm: %d of %d raised, lateness %s; %d parents; %d messages (most in a minute %d);"
                        + " API first page %s (us)%n", clientsRaised.get(), storm.clients(), late, parents,
                receiver.messages(), maxPerMinute, page);
        return new StormResult(storm.clients(), storm.ports(), settings.raiseAfter().toMillis(),
                storm.watermarkInterval().toMillis(), settings.allowedLateness().toMillis(), spreadMs,
                clientsRaised.get(), storm.clients() - clientsRaised.get(), duplicateRaises.get(),
                orNull(late.p50Ms()), orNull(late.p99Ms()), orNull(late.maxMs()), secondsUntilAllRaised,
                parents, Collections.unmodifiableMap(perPort), receiver.messages(), maxPerMinute,
                storm.perMinute(), maxPerMinute <= storm.perMinute(), named, underNamedParent, cpuPerClientUs,
                storm.consoles(), page.count(),
                microsToMs(page.p50Ms()), microsToMs(page.p99Ms()), microsToMs(page.maxMs()),
                MemoryProbe.loadAverage());
    }

    /**
     * One webhook receiver with the rate limit; one group per alarm type and source, as the shipped
     * example groups. The warm-up's alarms go to a receiver of their own.
     */
    private Path notificationsFile(Path work, StormReceiver receiver) throws IOException {
        Path file = work.resolve("notifications.yaml");
        Files.writeString(file, """
                receivers:
                  - name: storm
                    webhook: {url: "%s", perMinute: %d}
                  - name: warm-up
                    webhook: {url: "%s"}
                route:
                  receiver: storm
                  groupBy: [alarmId, source]
                  groupWait: %s
                  groupInterval: %s
                  routes:
                    - matchers: ['source="%s"']
                      receiver: warm-up
                """.formatted(receiver.url(), storm.perMinute(), receiver.warmUpUrl(), GROUP_WAIT, GROUP_INTERVAL,
                warmUp.source()));
        return file;
    }

    /**
     * A storm of up to {@code --storm-warm-up} clients of its own: connected, disconnected until
     * every alarm is raised, reconnected until every alarm is cleared. The first raises of a fresh
     * engine run on code not compiled yet, which would otherwise be counted as the storm's lateness.
     */
    private void warmUp(Engine engine, KafkaProducer<String, byte[]> events) throws InterruptedException {
        long t0 = System.nanoTime();
        connectAll(engine, events, warmUp);
        disconnectAll(events, warmUp);
        awaitWarmUp(() -> warmUpActive.size() >= warmUp.size(), "raised");
        connectAll(engine, events, warmUp);
        awaitWarmUp(warmUpActive::isEmpty, "cleared");
        log.printf("warm-up: %d clients raised and cleared in %.1f s%n", warmUp.size(), (System.nanoTime() - t0) / 1e9);
    }

    private void awaitWarmUp(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + storm.timeout().toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("warm-up: not every alarm " + what + " within " + storm.timeout()
                        + " (" + warmUpActive.size() + " of " + warmUp.size() + " active)");
            }
            Thread.sleep(20);
        }
    }

    /** Every client of {@code clients} connects now; returns once the engine has applied every connect. */
    private void connectAll(Engine engine, KafkaProducer<String, byte[]> events, StormFleet clients)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long before = engine.stats().eventsApplied();
        for (int i = 0; i < clients.size(); i++) {
            send(events, clients, i, EventType.CONNECTED);
        }
        events.flush();
        failOnSendFailure();
        long target = before + clients.size();
        long last = before;
        long lastProgress = System.nanoTime();
        while (true) {
            long applied = engine.stats().eventsApplied();
            long now = System.nanoTime();
            if (applied >= target) {
                break;
            }
            if (applied > last) {
                last = applied;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                throw new IllegalStateException("the engine stalled at " + (applied - before) + " of "
                        + clients.size() + " connects of " + clients.source());
            }
            Thread.sleep(20);
        }
        log.printf("%s: %d clients connected and tracked in %.1f s%n", clients.source(), clients.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every client of {@code clients} disconnects, one after the other as fast as the producer takes
     * them; returns first to last in ms.
     */
    private long disconnectAll(KafkaProducer<String, byte[]> events, StormFleet clients) {
        long first = System.currentTimeMillis();
        long last = first;
        for (int i = 0; i < clients.size(); i++) {
            last = send(events, clients, i, EventType.DISCONNECTED).toEpochMilli();
        }
        events.flush();
        return last - first;
    }

    /** Stamps and sends one event; returns its time. */
    private Instant send(KafkaProducer<String, byte[]> producer, StormFleet clients, int i, EventType type) {
        stamping.readLock().lock();
        try {
            Instant time = Instant.now();
            if (clients == fleet && type == EventType.DISCONNECTED) {
                disconnectedAtMs.set(i, time.toEpochMilli());
            }
            producer.send(new ProducerRecord<>(topic, clients.connectionId(i), clients.event(i, type, time)),
                    this::onSent);
            return time;
        } finally {
            stamping.readLock().unlock();
        }
    }

    /**
     * Each port's reporter promises "everything dated up to now is sent": the time is read while no
     * event is being stamped, the events are flushed (all dated before it acknowledged), then the
     * watermark goes to every partition.
     */
    private void sendWatermarks(KafkaProducer<String, byte[]> events, KafkaProducer<String, byte[]> marks) {
        try {
            Instant time;
            stamping.writeLock().lock();
            try {
                time = Instant.now();
            } finally {
                stamping.writeLock().unlock();
            }
            events.flush();
            List<PartitionInfo> partitions = marks.partitionsFor(topic);
            for (StormFleet clients : List.of(warmUp, fleet)) {
                for (int k = 0; k < clients.ports(); k++) {
                    String reporter = clients.reporter(k);
                    byte[] value = Json.MAPPER.writeValueAsBytes(new Watermark(reporter, time));
                    for (PartitionInfo partition : partitions) {
                        marks.send(new ProducerRecord<>(topic, partition.partition(), reporter, value), this::onSent);
                    }
                }
            }
            marks.flush();
        } catch (IOException | RuntimeException e) {
            sendFailure.compareAndSet(null, e);
        }
    }

    private void onSent(RecordMetadata metadata, Exception e) {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    }

    private void failOnSendFailure() {
        if (sendFailure.get() != null) {
            throw new IllegalStateException("the storm could not produce to " + topic, sendFailure.get());
        }
    }

    /** Called on the view's thread for every alarm change: the moment a storm client's alarm becomes visible. */
    private void observe(Alarm alarm) {
        if (alarm.alarmId() == PARENT_ALARM_ID) {
            if (alarm.active()) {
                activeParents.put(alarm.serialNo(), alarm.params().get("serverHost") + ":" + alarm.params().get("serverPort"));
            } else {
                activeParents.remove(alarm.serialNo());
            }
            return;
        }
        if (alarm.alarmId() != CLIENT_ALARM_ID) {
            return;
        }
        int warm = warmUp.indexOf(alarm.params().get("clientName"));
        if (warm >= 0) {
            if (alarm.active()) {
                warmUpActive.add(warm);
            } else {
                warmUpActive.remove(warm);
            }
            return;
        }
        if (!alarm.active()) {
            return;
        }
        int i = fleet.indexOf(alarm.params().get("clientName"));
        if (i < 0 || !raisedSerials.add(alarm.serialNo())) {
            return;
        }
        long seen = System.currentTimeMillis();
        if (raisesPerClient.getAndIncrement(i) > 0) {
            duplicateRaises.incrementAndGet();
            return;
        }
        clientsRaised.incrementAndGet();
        lastRaiseSeenMs.accumulateAndGet(seen, Math::max);
        long disconnectedAt = disconnectedAtMs.get(i);
        if (disconnectedAt > 0) {
            lateness.add(seen - (disconnectedAt + settings.raiseAfter().toMillis()));
        }
    }

    /**
     * Waits until every client's alarm is visible, or the storm timeout passed; returns first
     * disconnect → last alarm visible in seconds, or null when some alarm is missing.
     */
    private Double awaitRaises(long stormStartNanos) throws InterruptedException {
        long stormStartMs = System.currentTimeMillis() - (System.nanoTime() - stormStartNanos) / 1_000_000;
        long deadline = stormStartNanos + storm.timeout().toNanos();
        long nextReport = System.nanoTime() + 5_000_000_000L;
        while (clientsRaised.get() < storm.clients()) {
            long now = System.nanoTime();
            if (now > deadline) {
                log.printf("storm: only %d of %d alarms raised within %s%n", clientsRaised.get(), storm.clients(),
                        storm.timeout());
                return null;
            }
            if (now > nextReport) {
                log.printf("  ... %d of %d alarms raised%n", clientsRaised.get(), storm.clients());
                nextReport = now + 5_000_000_000L;
            }
            Thread.sleep(10);
        }
        double seconds = (lastRaiseSeenMs.get() - stormStartMs) / 1000.0;
        log.printf("storm: every alarm raised %.1f s after the first disconnect%n", seconds);
        return seconds;
    }

    /**
     * Active ALM-24900 alarms per storm server port ({@code host:port}), every port listed. Kept as
     * the alarms come rather than read from the whole view: a scan of 100,000 alarms every 200 ms
     * took a fifth of a core from the engine while the bench waited for the parents.
     */
    private Map<String, Integer> parentsPerPort() {
        var perPort = new LinkedHashMap<String, Integer>();
        for (int k = 0; k < storm.ports(); k++) {
            perPort.put(fleet.serverAddress(k), 0);
        }
        // The warm-up's server ports are not the storm's: a parent left of it is not counted.
        activeParents.values().stream().filter(perPort::containsKey).forEach(port -> perPort.merge(port, 1, Integer::sum));
        return perPort;
    }

    /**
     * Waits (within the storm's timeout) until every storm port has its root-cause alarm: judged on
     * the engine's clock less the allowed lateness, over reports that queue behind the storm's
     * disconnects, it may come after the last client's alarm.
     */
    private void awaitParents(long stormStartNanos) throws InterruptedException {
        long deadline = stormStartNanos + storm.timeout().toNanos();
        while (parentsPerPort().containsValue(0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Map<String, Integer> perPort = parentsPerPort();
        log.printf("storm: %d of %d server ports with their ALM-24900, %.1f s after the first disconnect%n",
                perPort.values().stream().filter(n -> n > 0).count(), perPort.size(),
                (System.nanoTime() - stormStartNanos) / 1e9);
    }

    /**
     * Lets the receiver's messages come: until every storm alarm was told (named in one, or under a
     * parent that was), or none came for a group interval and a little more after the first; at
     * least a second, for a late duplicate raise to show. Children are told only by their parent's
     * message, which comes once the notification stage has grouped the whole storm.
     */
    private void awaitNotifications(Engine engine, StormReceiver receiver) throws InterruptedException {
        long start = System.nanoTime();
        long quiet = GROUP_INTERVAL.plusSeconds(2).toNanos();
        long deadline = start + storm.timeout().toNanos();
        Thread.sleep(1_000);
        while (System.nanoTime() < deadline) {
            boolean allTold = raisedSerials.stream().allMatch(serial -> told(engine, receiver, serial));
            if (allTold || receiver.messages() > 0 && System.nanoTime() - receiver.lastMessageNanos(start) > quiet) {
                break;
            }
            Thread.sleep(200);
        }
        log.printf("storm: %d messages received in %.1f s after the last raise%n", receiver.messages(),
                (System.nanoTime() - start) / 1e9);
    }

    /** Whether a message named the alarm, or its parent (the root cause it is listed under). */
    private static boolean told(Engine engine, StormReceiver receiver, long serial) {
        if (receiver.named(serial)) {
            return true;
        }
        Long parent = engine.alarms().get(serial).map(Alarm::parent).orElse(null);
        return parent != null && receiver.named(parent);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, String name, int lingerMs) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-storm-" + name);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static Double orNull(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Double microsToMs(double micros) {
        return Double.isNaN(micros) ? null : Math.round(micros / 10.0) / 100.0;
    }

    /**
     * {@code GET /api/alarms} (the first page, default limit) as operators' consoles ask it: over
     * HTTP/1.1 with keep-alive and a bearer token, on a thread of its own from {@link #start} to
     * {@link #stop}, a request every {@code interval} (the consoles' reloads one after the other;
     * one that took longer is followed at once, not by a burst). Latencies are kept in microseconds.
     */
    private static final class ApiSampler {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final HttpRequest request;
        private final Duration interval;
        private final List<Long> micros = new ArrayList<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private volatile boolean stopped;
        private Thread thread;

        ApiSampler(String url, String token, Duration interval) {
            this.interval = interval;
            this.request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).GET().build();
        }

        void warmUp(int requests) throws Exception {
            for (int i = 0; i < requests; i++) {
                get();
            }
        }

        void start() {
            thread = new Thread(() -> {
                try {
                    long next = System.nanoTime();
                    while (!stopped) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        long t = System.nanoTime();
                        get();
                        micros.add((System.nanoTime() - t) / 1_000);
                        next = Math.max(next + interval.toNanos(), System.nanoTime());
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "bench-storm-api");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
            if (failure.get() != null) {
                throw new IllegalStateException("GET " + request.uri() + " failed during the storm", failure.get());
            }
        }

        /** In microseconds; read after {@link #stop}. */
        Latencies latencies() {
            return Latencies.of(micros);
        }

        private void get() throws IOException, InterruptedException {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
        }
    }
}
