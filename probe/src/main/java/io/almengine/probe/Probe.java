package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.model.Watermark;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running probe: a sampler reads the socket tables every sample interval and queues what
 * changed; a sender publishes the queue in batches, and when the destination is away waits
 * (1 s, doubling to 30 s) and tries again with the same events. Sampling never waits for
 * publishing, so transitions keep their true times while the engine or Kafka is down.
 *
 * <p>As a reporter, the probe names itself on every event and, after each sample, sends a
 * watermark with the sample's time, once every event queued up to that sample is delivered: the
 * engine raises an outage once the probe's watermark has passed its deadline, so a reconnect still
 * in the probe's queue is never overtaken by the alarm it cancels.
 */
public final class Probe implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    /** Where the established connections of the watched ports come from (the kernel, or a test). */
    public interface Sockets {
        List<TcpTable.Socket> established() throws IOException;
    }

    private final ProbeConfig config;
    private final EventSink sink;
    private final Clock clock;
    private final Sockets sockets;
    private final EventQueue queue;
    private final LinkTracker tracker;
    private final Object wake = new Object();
    private ScheduledExecutorService sampler;
    private Thread sender;
    private volatile boolean running;
    private boolean dirty;
    private int knownLinks;
    private Duration backoff;
    private boolean watermarkRefusedLogged;

    public Probe(ProbeConfig config, ClientMap clients, EventSink sink, Clock clock, Sockets sockets) {
        this.config = config;
        this.sink = sink;
        this.clock = clock;
        this.sockets = sockets;
        this.queue = new EventQueue(config.queueCapacity());
        ProbeState saved = ProbeState.read(config.stateFile());
        queue.addAll(saved.unsent());
        this.tracker = new LinkTracker(config, clients, saved.links());
        this.knownLinks = tracker.known().size();
        this.backoff = config.retryMin();
        if (!saved.unsent().isEmpty()) {
            LOG.info("{} transitions from before the restart are sent first", saved.unsent().size());
        }
    }

    /** The kernel's tables under {@code procNet}, for the configured ports. */
    public static Sockets kernel(ProbeConfig config) {
        return () -> TcpTable.clientsOf(config.procNet(), config.ports());
    }

    /** Starts sampling and publishing in the background. */
    public Probe start() {
        running = true;
        sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "probe-sampler"));
        sampler.scheduleAtFixedRate(this::sampleSafely, 0, config.sampleInterval().toMillis(), TimeUnit.MILLISECONDS);
        sender = new Thread(this::sendLoop, "probe-sender");
        sender.start();
        return this;
    }

    private void sampleSafely() {
        try {
            sampleOnce();
        } catch (Exception e) {
            LOG.warn("sample failed: {}", e.toString());
        }
    }

    /** Reads the tables once and queues what changed; saves the state file when it changed. */
    public synchronized List<ConnectionEvent> sampleOnce() throws IOException {
        Instant now = clock.instant();
        List<ConnectionEvent> events = tracker.sample(now, sockets.established());
        queue.addAll(events);
        // Everything observed up to now is queued, but for a disconnect still in its start grace,
        // which will be dated when the client was first found absent: the watermark stays before it.
        Instant unreported = tracker.unreportedSince();
        queue.mark(unreported != null && !unreported.isAfter(now) ? unreported.minusNanos(1) : now);
        for (ConnectionEvent e : events) {
            if (e.type() != EventType.HEARTBEAT) {
                LOG.info("{} {} at {}", e.type(), e.connectionId(), e.time());
                dirty = true;
            }
        }
        int known = tracker.known().size();
        if (known != knownLinks) {
            knownLinks = known;
            dirty = true;
        }
        if (dirty) {
            saveState();
        }
        // Events or not, there is a watermark to send.
        synchronized (wake) {
            wake.notifyAll();
        }
        return events;
    }

    /**
     * Publishes one batch of the queue, then the watermark it completes, if any: only once the
     * events queued before it are delivered. Returns whether the queue was reached empty or a batch
     * was delivered; false when the destination failed (what was not delivered stays queued).
     */
    public boolean publishOnce() {
        EventQueue.Batch next = queue.next(config.batchSize());
        List<ConnectionEvent> batch = next.events();
        if (next.isEmpty()) {
            return true;
        }
        try {
            if (!batch.isEmpty()) {
                EventSink.Result result = sink.publish(batch);
                if (result == EventSink.Result.REJECTED) {
                    LOG.error("dropped {} events the destination will never take", batch.size());
                }
                queue.removeSent(batch);
                if (batch.stream().anyMatch(e -> e.type() != EventType.HEARTBEAT)) {
                    synchronized (this) {
                        dirty = true;
                    }
                }
            }
            if (next.watermark() != null) {
                Watermark watermark = new Watermark(config.reporterName(), next.watermark());
                if (sink.publishWatermark(watermark) == EventSink.Result.REJECTED && !watermarkRefusedLogged) {
                    // An engine that knows no watermarks: outages are then raised on its clock, as before.
                    LOG.error("{} refuses watermarks; events still go out, without them", sink.describe());
                    watermarkRefusedLogged = true;
                }
                queue.watermarkSent(next.watermark());
            }
            backoff = config.retryMin();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} events not published to {} ({}); retrying in {}", queue.size(), sink.describe(),
                    e.getMessage(), backoff);
            return false;
        }
    }

    private void sendLoop() {
        while (running) {
            boolean ok = publishOnce();
            try {
                if (!ok) {
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax()
                            : backoff.multipliedBy(2);
                } else if (queue.size() == 0) {
                    synchronized (wake) {
                        wake.wait(config.sampleInterval().toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void saveState() {
        try {
            new ProbeState(clock.instant(), tracker.known(), queue.unsentTransitions()).write(config.stateFile());
            dirty = false;
        } catch (IOException e) {
            LOG.warn("cannot write the state file {}: {}", config.stateFile(), e.getMessage());
        }
    }

    public int queued() {
        return queue.size();
    }

    public EventQueue queue() {
        return queue;
    }

    /** Stops sampling, gives the queue a last chance to go out, and saves the state. */
    @Override
    public void close() {
        running = false;
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (sender != null) {
            sender.interrupt();
            try {
                sender.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            publishOnce();
        }
        saveState();
        sink.close();
    }
}
