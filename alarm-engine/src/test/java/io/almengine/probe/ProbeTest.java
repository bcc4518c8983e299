package io.almengine.probe;

import static io.almengine.probe.LinkTrackerTest.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.ConnectionEvent;
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

    // ---------------------------------------------------------------- helpers

    private Probe probe(int capacity) {
        ProbeConfig config = ProbeConfig.defaults().with(List.of(PORT), "flume", "hacluster").withServerHost("srv")
                .withQueue(500, capacity, Duration.ofMillis(10), Duration.ofMillis(10))
                .withFiles(tmp.resolve("probe-state.json"), Path.of("/nonexistent"), true);
        return new Probe(config, ClientMap.empty(), sink, clock, () -> List.copyOf(table));
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
    private static final class FlakySink implements EventSink {
        volatile boolean down;
        final List<ConnectionEvent> delivered = new ArrayList<>();

        @Override
        public Result publish(List<ConnectionEvent> events) throws IOException {
            if (down) {
                throw new IOException("connection refused");
            }
            delivered.addAll(events);
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
