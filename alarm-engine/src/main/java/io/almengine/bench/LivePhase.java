package io.almengine.bench;

import io.almengine.model.Alarm;
import io.almengine.model.EventType;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import io.almengine.view.AlarmView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The fleet at its own pace while alarms are timed: every connected client sends a heartbeat per
 * interval, and a few clients flap. Half of the flappers stay down longer than the threshold (an
 * alarm must be raised, then cleared by the reconnect); the other half come back within half the
 * threshold (no alarm may appear). Alarms are watched in the engine's alarm view, which is what
 * the API serves.
 *
 * <p>A fleet that only heartbeats (Logtail) goes down by falling silent: a flapper beats with the
 * rest until its outage starts, with one last heartbeat, and its first heartbeat after the outage
 * is the reconnect. Any silence longer than the threshold is an alarm, so such a fleet beats on
 * its own thread ({@link #startBeating()}) whenever the engine runs: from before the engine
 * drains the backlog until the phase's outcome is known.
 *
 * <p>With a watermark interval the phase is one reporter, as a probe is: its events name it, and
 * every interval it sends a watermark to every partition, only once every event dated before it
 * has been acknowledged (events are stamped and sent under a shared lock, which the watermark takes
 * alone to read its time; then every producer is flushed).
 */
final class LivePhase {

    static final String REPORTER = "bench-live";

    /** What the live phase saw. */
    record Outcome(long heartbeatsSent, double heartbeatsPerSec, Latencies raiseLateness, Latencies clearLatency,
                   int outages, int missingRaises, int missingClears, int duplicateRaises, int falseAlarms) {
    }

    private final Fleet fleet;
    private final BenchSettings settings;
    private final String bootstrap;
    private final String topic;

    private final Map<String, Integer> outageOf = new ConcurrentHashMap<>();
    private final Set<String> blips = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> reconnectSentAt = new ConcurrentHashMap<>();
    /** When each outage's condition truly held by the bench's own clock: the last event before it + the threshold. */
    private final Map<String, Instant> conditionAt = new ConcurrentHashMap<>();
    /** Agents of a heartbeats-only fleet that are silent right now (flappers between their two events). */
    private final Set<Integer> silent = ConcurrentHashMap.newKeySet();
    private volatile boolean heartbeatsStopped;
    private int cursor;
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private KafkaProducer<String, byte[]> beaterProducer;
    private Thread beater;
    private final Map<Long, Boolean> raisedSerials = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> clearedSerials = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> raisesPerConnection = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> raiseLateness = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> clearLatency = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    /** Stamping and sending an event shares it; reading a watermark's time takes it alone. */
    private final ReadWriteLock stamping = new ReentrantReadWriteLock();
    private final List<KafkaProducer<String, byte[]>> producers = new CopyOnWriteArrayList<>();

    LivePhase(Fleet fleet, BenchSettings settings, String bootstrap, String topic) {
        this.fleet = fleet;
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.topic = topic;
    }

    Outcome run(AlarmView view) throws Exception {
        int flappers = settings.liveFlappers();
        BitSet flapping = new BitSet(fleet.size());
        int stride = Math.max(1, fleet.size() / Math.max(1, flappers));
        for (int k = 0; k < flappers; k++) {
            flapping.set(k * stride);
            String id = fleet.connectionId(k * stride);
            if (k % 2 == 0) {
                outageOf.put(id, k * stride);
            } else {
                blips.add(id);
            }
        }
        view.onChange(this::observe);

        long liveMs = settings.live().toMillis();
        long raiseAfterMs = settings.raiseAfter().toMillis();
        // Without watermarks a raise waits for the allowed lateness: an outage lasts longer than that
        // too, so it is raised by the deadline, not by its own reconnect read past it.
        long heldMs = settings.watermarkInterval() == null ? settings.allowedLateness().toMillis() : 0;
        // Every flap starts early enough for its alarm to be raised and cleared within the phase.
        long startWindowMs = Math.max(1, liveMs - raiseAfterMs - heldMs - 5_000);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-flaps");
            t.setDaemon(true);
            return t;
        });
        long heartbeats;
        double heartbeatRate;
        if (fleet.heartbeatsOnly()) {
            startBeating();
        }
        ScheduledExecutorService watermarks = settings.watermarkInterval() == null ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-watermarks");
                    t.setDaemon(true);
                    return t;
                });
        try (var scenario = producer(0); var beats = producer(5); var marks = producer(0)) {
            if (watermarks != null) {
                long every = settings.watermarkInterval().toNanos();
                watermarks.scheduleAtFixedRate(() -> sendWatermark(marks), 0, every, TimeUnit.NANOSECONDS);
            }
            for (int k = 0; k < flappers; k++) {
                int index = k * stride;
                long startMs = k * startWindowMs / flappers;
                long downMs = k % 2 == 0 ? raiseAfterMs + heldMs + 1_000 + (k % 20) * 100L : raiseAfterMs / 2;
                scheduler.schedule(() -> send(scenario, index, EventType.DISCONNECTED, false), startMs,
                        TimeUnit.MILLISECONDS);
                scheduler.schedule(() -> send(scenario, index, EventType.CONNECTED, true), startMs + downMs,
                        TimeUnit.MILLISECONDS);
            }
            long t0 = System.nanoTime();
            if (fleet.heartbeatsOnly()) {
                long before = heartbeatsSent.get();
                Thread.sleep(settings.live().toMillis());
                heartbeats = heartbeatsSent.get() - before;
            } else {
                heartbeats = heartbeatsUntil(beats, flapping::get, t0 + settings.live().toNanos());
            }
            heartbeatRate = heartbeats / ((System.nanoTime() - t0) / 1e9);
            scheduler.shutdown();
            scheduler.awaitTermination(liveMs + 10_000, TimeUnit.MILLISECONDS);
            scenario.flush();
            awaitOutcome();
        } finally {
            if (watermarks != null) {
                watermarks.shutdownNow();
                watermarks.awaitTermination(10, TimeUnit.SECONDS);
            }
            stopBeating();
        }
        if (sendFailure.get() != null) {
            throw new IllegalStateException("the live phase could not produce", sendFailure.get());
        }
        int duplicates = 0;
        int falseAlarms = 0;
        int raisedOutages = 0;
        for (var entry : raisesPerConnection.entrySet()) {
            long count = entry.getValue().get();
            if (blips.contains(entry.getKey())) {
                falseAlarms += (int) count;
            } else {
                raisedOutages++;
                duplicates += (int) Math.max(0, count - 1);
            }
        }
        return new Outcome(heartbeats, heartbeatRate, Latencies.of(raiseLateness), Latencies.of(clearLatency),
                outageOf.size(), outageOf.size() - raisedOutages, outageOf.size() - clearedSerials.size(), duplicates,
                falseAlarms);
    }

    /** Lets the last alarms arrive: every outage raised and cleared, or a minute passed; then a threshold for false alarms. */
    private void awaitOutcome() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (clearedSerials.size() < outageOf.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(Math.max(500, settings.raiseAfter().toMillis()));
    }

    /**
     * Starts the fleet's heartbeats on a thread of their own, at the fleet's rate, skipping agents
     * that are silent; they go on until the phase has its outcome. Called before the engine drains
     * the backlog for a fleet that only heartbeats; again by {@link #run}, which then changes nothing.
     */
    synchronized void startBeating() {
        if (beater != null) {
            return;
        }
        beaterProducer = producer(5);
        beater = new Thread(() -> {
            try {
                heartbeatsUntil(beaterProducer, silent::contains, Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-heartbeats");
        beater.setDaemon(true);
        beater.start();
    }

    private synchronized void stopBeating() throws InterruptedException {
        heartbeatsStopped = true;
        if (beater != null) {
            beater.join();
            beaterProducer.close();
        }
    }

    /** Heartbeats at the fleet's rate, going on round the fleet from where the last call stopped. */
    private long heartbeatsUntil(KafkaProducer<String, byte[]> producer, IntPredicate quiet, long endNanos)
            throws InterruptedException {
        double perNano = fleet.size() / (double) settings.heartbeatInterval().toNanos();
        long start = System.nanoTime();
        long sent = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= endNanos || heartbeatsStopped) {
                break;
            }
            long due = (long) ((now - start) * perNano);
            if (sent >= due) {
                Thread.sleep(5);
                continue;
            }
            stamping.readLock().lock();
            try {
                Instant time = Instant.now();
                while (sent < due) {
                    if (!quiet.test(cursor)) {
                        producer.send(new ProducerRecord<>(topic, fleet.connectionId(cursor),
                                reported(fleet.event(cursor, EventType.HEARTBEAT, time))), this::onSent);
                        sent++;
                        heartbeatsSent.incrementAndGet();
                    }
                    cursor = (cursor + 1) % fleet.size();
                }
            } finally {
                stamping.readLock().unlock();
            }
        }
        producer.flush();
        return sent;
    }

    private void send(KafkaProducer<String, byte[]> producer, int index, EventType type, boolean reconnect) {
        String id = fleet.connectionId(index);
        if (!reconnect) {
            // Before the time is read: a regular heartbeat sent after this is never later than the last one.
            silent.add(index);
        }
        stamping.readLock().lock();
        try {
            Instant time = Instant.now();
            if (reconnect) {
                reconnectSentAt.put(id, System.currentTimeMillis());
            } else {
                conditionAt.put(id, time.plus(settings.raiseAfter()));
            }
            producer.send(new ProducerRecord<>(topic, id, reported(fleet.event(index, type, time))), this::onSent);
        } finally {
            stamping.readLock().unlock();
        }
        if (reconnect) {
            silent.remove(index);
        }
    }

    /** The event naming the phase as its reporter, when it sends watermarks. */
    private byte[] reported(byte[] event) {
        if (settings.watermarkInterval() == null) {
            return event;
        }
        String json = new String(event, StandardCharsets.UTF_8);
        return (json.substring(0, json.lastIndexOf('}')) + ",\"reporter\":\"" + REPORTER + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * "Everything dated up to now is sent": its time is read while no event is being stamped, then
     * every producer is flushed (all events before it acknowledged), then it goes to every partition.
     */
    private void sendWatermark(KafkaProducer<String, byte[]> marks) {
        try {
            Instant time;
            stamping.writeLock().lock();
            try {
                time = Instant.now();
            } finally {
                stamping.writeLock().unlock();
            }
            for (KafkaProducer<String, byte[]> p : producers) {
                if (p != marks) {
                    p.flush();
                }
            }
            byte[] value = Json.MAPPER.writeValueAsBytes(new Watermark(REPORTER, time));
            for (PartitionInfo partition : marks.partitionsFor(topic)) {
                marks.send(new ProducerRecord<>(topic, partition.partition(), REPORTER, value), this::onSent);
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

    /** Called on the view's thread for every alarm change: the moment an alarm becomes visible. */
    private void observe(Alarm alarm) {
        long seen = System.currentTimeMillis();
        String id = alarm.connectionId();
        if (!outageOf.containsKey(id) && !blips.contains(id)) {
            return;
        }
        if (alarm.active() && raisedSerials.putIfAbsent(alarm.serialNo(), true) == null) {
            raisesPerConnection.computeIfAbsent(id, ignored -> new AtomicLong()).incrementAndGet();
            raiseLateness.add(seen - conditionAt.getOrDefault(id, alarm.occurredAt()).toEpochMilli());
        } else if (!alarm.active() && clearedSerials.putIfAbsent(alarm.serialNo(), true) == null) {
            Long sentAt = reconnectSentAt.get(id);
            if (sentAt != null) {
                clearLatency.add(seen - sentAt);
            }
        }
    }

    private KafkaProducer<String, byte[]> producer(int lingerMs) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-live-" + lingerMs + "-" + producers.size());
        var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producers.add(producer);
        return producer;
    }
}
