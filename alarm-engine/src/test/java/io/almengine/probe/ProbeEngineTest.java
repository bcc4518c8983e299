package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.Needs;
import io.almengine.testing.TestBroker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe on real sockets of this machine (the kernel's /proc/net tables), publishing to a
 * real engine on the test broker, ALM-24003 with its shipped 3 minutes on the moved clock. The
 * probe is stepped (sample, publish) so every event has a known time.
 */
class ProbeEngineTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);
    private static EngineHarness harness;

    @TempDir
    Path tmp;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startEngine() {
        Needs.tool(Files.isReadable(Path.of("/proc/net/tcp")), "Linux /proc/net/tcp");
        harness = new EngineHarness().start();
    }

    @AfterAll
    static void stopEngine() {
        if (harness != null) {
            harness.close();
        }
    }

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aClientThatGoesAwayRaisesAlm24003WithItsMappedNameAndClearsWhenItIsBack() throws Exception {
        Instant t = harness.freshHour();
        ServerSocketChannel server = listen();
        int port = port(server);
        Probe probe = kafkaProbe(port, mapping("- {ip: 127.0.0.1, name: flume-client-7, sink: avro-sink}"));
        Link client = connect(server, 0);

        step(probe, t);
        client.close();
        step(probe, t.plusSeconds(10));
        String id = "e2e|flume|127.0.0.1:" + port + "|127.0.0.1|flume-client-7|avro-sink";
        harness.clockAt(t.plusSeconds(10).plus(WINDOW).minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(id));
        harness.clockAt(t.plusSeconds(10).plus(WINDOW));
        Alarm alarm = harness.awaitAlarm(id, Alarm::active);
        assertEquals(24003, alarm.alarmId());
        assertEquals("127.0.0.1", alarm.params().get("clientIp"));
        assertEquals("flume-client-7", alarm.params().get("clientName"));
        assertEquals("avro-sink", alarm.params().get("sinkName"));
        assertEquals(t.plusSeconds(10).plus(WINDOW), alarm.occurredAt());

        connect(server, 0);
        step(probe, t.plus(Duration.ofMinutes(5)));
        Alarm cleared = harness.awaitAlarm(id, a -> !a.active());
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(t.plus(Duration.ofMinutes(5)), cleared.clearedAt());
        assertEquals(1, harness.alarmsOf(id).size());
    }

    @Test
    void restartingTheProbeNeitherRaisesAFalseAlarmNorLosesADisconnect() throws Exception {
        Instant t = harness.freshHour();
        ServerSocketChannel server = listen();
        int port = port(server);
        String mapping = mapping("- {ip: 127.0.0.1, name: steady, sink: s}");
        String id = "e2e|flume|127.0.0.1:" + port + "|127.0.0.1|steady|s";
        Link client = connect(server, 0);
        step(kafkaProbe(port, mapping), t);   // then SIGKILLed: no close, only its state file remains

        Probe second = kafkaProbe(port, mapping);   // the client is still there
        for (int s = 60; s <= 75; s += 5) {
            step(second, t.plusSeconds(s));
        }
        harness.clockAt(t.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), harness.alarmsOf(id), "a restart with the client connected is no outage");

        client.close();   // goes away while no probe runs
        Instant restarted = t.plus(Duration.ofMinutes(11));
        Probe third = kafkaProbe(port, mapping);
        step(third, restarted);
        step(third, restarted.plusSeconds(10));
        harness.clockAt(restarted.plus(WINDOW));
        Alarm alarm = harness.awaitAlarm(id, Alarm::active);
        assertEquals(restarted.plus(WINDOW), alarm.occurredAt(), "not lost, and not earlier than the probe knew");
    }

    @Test
    void agentsOnOneHostAreToldApartByServerPortAndSourcePortRange() throws Exception {
        Instant t = harness.freshHour();
        ServerSocketChannel first = listen();
        ServerSocketChannel second = listen();
        int p1 = port(first);
        int p2 = port(second);
        // Below Linux's ephemeral range (32768 and up), where the sockets bound to port 0 by every
        // broker, engine and client on the machine land: a fixed source port there may be taken.
        int lowPort = 20000 + (int) (Math.random() * 12000);
        Path map = mappingFile(
                "- {ip: 127.0.0.1, serverPort: " + p1 + ", name: agent-a, sink: k1}",
                "- {ip: 127.0.0.1, serverPort: " + p2 + ", name: agent-b, sink: k2}",
                "- {ip: 127.0.0.1, serverPort: " + p1 + ", clientPorts: " + lowPort + "-" + (lowPort + 99)
                        + ", name: agent-c, sink: k3}");
        Probe probe = probe(List.of(p1, p2), map, new KafkaEventSink(TestBroker.bootstrap(),
                harness.topics.connectionEvents()));
        Link a = connect(first, 0);
        Link b = connect(second, 0);
        Link c = connect(first, lowPort);
        step(probe, t);
        b.close();
        step(probe, t.plusSeconds(1));
        harness.clockAt(t.plusSeconds(1).plus(WINDOW));
        Alarm alarm = harness.awaitAlarm("e2e|flume|127.0.0.1:" + p2 + "|127.0.0.1|agent-b|k2", Alarm::active);
        assertEquals("agent-b", alarm.params().get("clientName"));
        assertEquals(1, harness.engine().alarms().all().stream()
                .filter(x -> x.connectionId().contains("|127.0.0.1|agent-")).count(), "a and c stay connected");
        assertTrue(a.isOpen() && c.isOpen());
    }

    @Test
    void theProbePublishesThroughTheEnginesApiWithABearerToken() throws Exception {
        Instant t = harness.freshHour();
        ServerSocketChannel server = listen();
        int port = port(server);
        Path map = mappingFile("- {ip: 127.0.0.1, name: via-http, sink: s}");
        Probe probe = probe(List.of(port), map, new EngineEventSink("http://127.0.0.1:" + harness.engine().httpPort(),
                harness.engine().adminTokenFile()));
        Link client = connect(server, 0);
        step(probe, t);
        client.close();
        step(probe, t.plusSeconds(2));
        harness.clockAt(t.plusSeconds(2).plus(WINDOW));
        assertEquals("via-http", harness.awaitAlarm("e2e|flume|127.0.0.1:" + port + "|127.0.0.1|via-http|s",
                Alarm::active).params().get("clientName"));
    }

    @Test
    void aProbeWhoseClockIsOffDatesTheOutageByItsOwnClock() throws Exception {
        for (Duration skew : List.of(Duration.ofSeconds(-5), Duration.ofSeconds(5))) {
            Instant t = harness.freshHour();
            ServerSocketChannel server = listen();
            int port = port(server);
            Path map = mappingFile("- {ip: 127.0.0.1, name: skewed, sink: s}");
            ProbeConfig config = ProbeConfig.defaults().with(List.of(port), "flume", "e2e").withServerHost("127.0.0.1")
                    .withFiles(tmp.resolve("skew-" + skew.getSeconds() + ".json"), Path.of("/proc/net"), true);
            EventSink sink = new KafkaEventSink(TestBroker.bootstrap(), harness.topics.connectionEvents());
            open.add(sink);
            Probe probe = new Probe(config, ClientMap.load(map), sink, java.time.Clock.offset(harness.clock, skew),
                    Probe.kernel(config));
            Link client = connect(server, 0);
            step(probe, t);
            client.close();
            step(probe, t.plusSeconds(10));
            Instant due = t.plusSeconds(10).plus(skew).plus(WINDOW);
            String id = "e2e|flume|127.0.0.1:" + port + "|127.0.0.1|skewed|s";
            harness.clockAt(due.minusNanos(1));
            assertEquals(List.of(), harness.alarmsOf(id), "skew " + skew);
            harness.clockAt(due);
            assertEquals(due, harness.awaitAlarm(id, Alarm::active).occurredAt(), "skew " + skew);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One sample at {@code at} (the engine's clock too), published, and applied by the engine. */
    private static void step(Probe probe, Instant at) throws IOException {
        harness.clockAt(at);
        long before = harness.eventsApplied();
        int events = probe.sampleOnce().size();
        assertTrue(probe.publishOnce(), "published");
        harness.awaitEventsApplied(before + events);
    }

    private Probe kafkaProbe(int port, String mapping) throws IOException {
        Path file = tmp.resolve("clients.yaml");
        Files.writeString(file, mapping);
        return probe(List.of(port), file, new KafkaEventSink(TestBroker.bootstrap(), harness.topics.connectionEvents()));
    }

    private Probe probe(List<Integer> ports, Path mapping, EventSink sink) throws IOException {
        ProbeConfig config = ProbeConfig.defaults().with(ports, "flume", "e2e").withServerHost("127.0.0.1")
                .withFiles(tmp.resolve("probe-state.json"), Path.of("/proc/net"), true);
        Probe probe = new Probe(config, ClientMap.load(mapping), sink, harness.clock, Probe.kernel(config));
        open.add(sink);
        return probe;
    }

    private static String mapping(String... entries) {
        return "clients:\n  " + String.join("\n  ", entries) + "\n";
    }

    private Path mappingFile(String... entries) throws IOException {
        Path file = tmp.resolve("clients-" + System.nanoTime() + ".yaml");
        Files.writeString(file, mapping(entries));
        return file;
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0));
        open.add(server);
        return server;
    }

    private static int port(ServerSocketChannel server) throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** A client connection and the server's end of it; closing closes both. */
    private record Link(SocketChannel client, SocketChannel accepted) implements AutoCloseable {
        boolean isOpen() {
            return client.isOpen();
        }

        @Override
        public void close() throws IOException {
            client.close();
            accepted.close();
        }
    }

    private Link connect(ServerSocketChannel server, int fromPort) throws IOException {
        SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
        if (fromPort > 0) {
            client.bind(new InetSocketAddress("127.0.0.1", fromPort));
        }
        client.connect(server.getLocalAddress());
        Link link = new Link(client, server.accept());
        open.add(link);
        return link;
    }
}
