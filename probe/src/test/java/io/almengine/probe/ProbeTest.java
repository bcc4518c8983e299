package io.almengine.probe;

import static io.almengine.probe.LinkTrackerTest.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Watermark;
import io.almengine.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe around its tracker: a destination that is away, a queue that fills, and a restart
 * in between, driven step by step (sample, publish) on a clock the test moves.
 */
class ProbeTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    private static final int PORT = 21154;

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T);
    private final List<TcpTable.Socket> table = new ArrayList<>();
    private final FlakySink sink = new FlakySink();

    @Test
    void whileTheDestinationIsAwayTransitionsWaitAndGoOutInOrderWithTheirTimes() throws IOException {
        Probe probe = probe(ProbeConfig.defaults().queueCapacity());
        sink.down = true;
        at(0).connect("10.0.0.1", 50001);
        probe.sampleOnce();
        at(5).disconnect();
        probe.sampleOnce();
        at(9).connect("10.0.0.1", 50002);
        probe.sampleOnce();
        assertFalse(probe.publishOnce(), "the destination is away");
        assertEquals(3, probe.queued());

        sink.down = false;
        assertTrue(probe.publishOnce());
        assertEquals(List.of("CONNECTED@0", "DISCONNECTED@5", "CONNECTED@9"), describe(sink.delivered));
        assertEquals(0, probe.queued());
    }

    @Test
    void heartbeatsGiveWayToTransitionsWhenTheQueueIsFull() throws IOException {
        Probe probe = probe(4);
        sink.down = true;
        at(0).connect("10.0.0.1", 50001);
        for (int s = 0; s <= 150; s++) {
            clock.set(T.plusSeconds(s));
            probe.sampleOnce();
        }
        at(151).disconnect();
        probe.sampleOnce();
        sink.down = false;
        probe.publishOnce();
        assertEquals(List.of("CONNECTED@0", "HEARTBEAT@120", "HEARTBEAT@150", "DISCONNECTED@151"),
                describe(sink.delivered));
        assertEquals(3, probe.queue().droppedHeartbeats(), "those at 30, 60 and 90 s");
    }

    @Test
    void transitionsUnsentAtACrashAreSentAfterTheRestartWithTheirTrueTimesFirst() throws IOException {
        Probe first = probe(100);
        sink.down = true;
        at(0).connect("10.0.0.1", 50001);
        first.sampleOnce();
        at(5).disconnect();
        first.sampleOnce();
        // SIGKILL: no close(); what the state file holds is all that is left.
        assertTrue(Files.readString(tmp.resolve("probe-state.json")).contains("DISCONNECTED"));

        sink.down = false;
        Probe second = probe(100);
        for (int s = 60; s <= 70; s++) {
            clock.set(T.plusSeconds(s));
            second.sampleOnce();
        }
        while (second.queued() > 0) {
            second.publishOnce();
        }
        assertEquals(List.of("CONNECTED@0", "DISCONNECTED@5", "DISCONNECTED@60"), describe(sink.delivered),
                "the lost transitions with their times, then the restart's own view (a duplicate the engine ignores)");
    }

    @Test
    void aRestartWithTheClientStillThereSendsOnlyAConnect() throws IOException {
        Probe first = probe(100);
        at(0).connect("10.0.0.1", 50001);
        first.sampleOnce();
        first.publishOnce();
        first.close();

        sink.delivered.clear();
        Probe second = probe(100);
        for (int s = 30; s <= 45; s++) {
            clock.set(T.plusSeconds(s));
            second.sampleOnce();
        }
        second.publishOnce();
        assertEquals(List.of("CONNECTED@30"), describe(sink.delivered));
    }

    @Test
    void theWatermarkNeverPassesWhatIsStillQueued() throws IOException {
        Probe probe = probe(ProbeConfig.defaults().queueCapacity(), 1);   // one event per publish: a slow drain
        sink.down = true;
        at(0).connect("10.0.0.1", 50001);
        probe.sampleOnce();
        at(5).disconnect();
        probe.sampleOnce();
        at(9).connect("10.0.0.1", 50002);
        probe.sampleOnce();
        at(10);
        probe.sampleOnce();
        assertFalse(probe.publishOnce());
        assertEquals(List.of(), sink.watermarks, "nothing delivered, nothing vouched for");

        sink.down = false;
        var sent = new ArrayList<String>();
        while (probe.queued() > 0 || sent.size() < 3) {
            assertTrue(probe.publishOnce());
            Instant watermark = sink.watermarks.isEmpty() ? null : sink.watermarks.get(sink.watermarks.size() - 1).time();
            for (ConnectionEvent waiting : probe.queue().peek(100)) {
                assertTrue(watermark == null || watermark.isBefore(waiting.time()),
                        "watermark " + watermark + " while " + waiting.type() + "@" + waiting.time() + " is queued");
            }
            sent.add(describe(sink.delivered) + " " + sink.watermarks.stream()
                    .map(w -> w.time().getEpochSecond() - T.getEpochSecond()).toList());
        }
        assertEquals(List.of("[CONNECTED@0] [0]", "[CONNECTED@0, DISCONNECTED@5] [0, 5]",
                "[CONNECTED@0, DISCONNECTED@5, CONNECTED@9] [0, 5, 10]"), sent);
    }

    @Test
    void aWatermarkTheDestinationDidNotTakeIsSentAgainWithoutItsEvents() throws IOException {
        var flaky = new FlakySink() {
            boolean refuseWatermark = true;

            @Override
            public Result publishWatermark(Watermark watermark) throws IOException {
                if (refuseWatermark) {
                    throw new IOException("timed out");
                }
                return super.publishWatermark(watermark);
            }
        };
        Probe probe = new Probe(config(100, 500), ClientMap.empty(), flaky, clock, () -> List.copyOf(table));
        at(0).connect("10.0.0.1", 50001);
        probe.sampleOnce();
        assertFalse(probe.publishOnce(), "the watermark failed");
        assertEquals(List.of("CONNECTED@0"), describe(flaky.delivered));
        flaky.refuseWatermark = false;
        assertTrue(probe.publishOnce());
        assertEquals(List.of("CONNECTED@0"), describe(flaky.delivered), "the events went out once");
        assertEquals(List.of(new Watermark("probe:srv:21154", T)), flaky.watermarks);
    }

    @Test
    void everyEventNamesTheProbeAndTheWatermarksFollowTheSamples() throws IOException {
        Probe probe = probe(100);
        at(0).connect("10.0.0.1", 50001);
        probe.sampleOnce();
        probe.publishOnce();
        at(1);
        probe.sampleOnce();
        probe.publishOnce();
        assertEquals(List.of("probe:srv:21154"), sink.delivered.stream().map(ConnectionEvent::reporter).distinct().toList());
        assertEquals(List.of(new Watermark("probe:srv:21154", T), new Watermark("probe:srv:21154", T.plusSeconds(1))),
                sink.watermarks, "one per sample, even one that found nothing new");
    }

    @Test
    void aDisconnectStillInItsStartGraceHoldsTheWatermarkBeforeIt() throws IOException {
        Probe first = probe(100);
        at(0).connect("10.0.0.1", 50001);
        first.sampleOnce();
        first.publishOnce();
        first.close();

        sink.watermarks.clear();
        Probe second = probe(100);   // the client left while the probe was down
        at(30).disconnect();
        second.sampleOnce();
        second.publishOnce();
        at(35);
        second.sampleOnce();
        second.publishOnce();
        assertEquals(List.of(T.plusSeconds(30).minusNanos(1)),
                sink.watermarks.stream().map(Watermark::time).distinct().toList(),
                "the DISCONNECTED it will send is dated 30: nothing at or after it is vouched for yet");
        at(40);
        second.sampleOnce();
        second.publishOnce();
        assertEquals(List.of("CONNECTED@0", "DISCONNECTED@30"), describe(sink.delivered));
        assertEquals(T.plusSeconds(40), sink.watermarks.get(sink.watermarks.size() - 1).time());
    }

    // ---------------------------------------------------------------- helpers

    private Probe probe(int capacity) {
        return probe(capacity, 500);
    }

    private Probe probe(int capacity, int batchSize) {
        return new Probe(config(capacity, batchSize), ClientMap.empty(), sink, clock, () -> List.copyOf(table));
    }

    private ProbeConfig config(int capacity, int batchSize) {
        return ProbeConfig.defaults().with(List.of(PORT), "flume", "hacluster").withServerHost("srv")
                .withQueue(batchSize, capacity, Duration.ofMillis(10), Duration.ofMillis(10))
                .withFiles(tmp.resolve("probe-state.json"), Path.of("/nonexistent"), true);
    }

    private ProbeTest at(long second) {
        clock.set(T.plusSeconds(second));
        return this;
    }

    private void connect(String ip, int port) {
        table.clear();
        table.add(client(ip, port, PORT));
    }

    private void disconnect() {
        table.clear();
    }

    private static List<String> describe(List<ConnectionEvent> events) {
        return events.stream().map(e -> e.type() + "@" + (e.time().getEpochSecond() - T.getEpochSecond())).toList();
    }

    /** A destination the test takes down and brings back. */
    private static class FlakySink implements EventSink {
        volatile boolean down;
        final List<ConnectionEvent> delivered = new ArrayList<>();
        final List<Watermark> watermarks = new ArrayList<>();

        @Override
        public Result publish(List<ConnectionEvent> events) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            delivered.addAll(events);
            return Result.DELIVERED;
        }

        @Override
        public Result publishWatermark(Watermark watermark) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            watermarks.add(watermark);
            return Result.DELIVERED;
        }

        @Override
        public String describe() {
            return "test sink";
        }

        @Override
        public void close() {
        }
    }

}
