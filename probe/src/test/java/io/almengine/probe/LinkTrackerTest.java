package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From samples of the socket table to events: transitions stamped with the sample that saw them,
 * heartbeats while connected, and a restart that neither invents an outage nor forgets one.
 */
class LinkTrackerTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");
    private static final int PORT = 21154;

    @TempDir
    Path tmp;

    private final ProbeConfig config = ProbeConfig.defaults().with(List.of(PORT, 21155), "flume", "hacluster")
            .withServerHost("flume-server-1")
            .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));

    @Test
    void aClientThatComesAndGoesIsConnectedThenDisconnectedWithTheMappedNames() {
        LinkTracker tracker = new LinkTracker(config, mapping(), List.of());
        assertEquals(List.of(), tracker.sample(T, List.of()));
        List<ConnectionEvent> up = tracker.sample(T.plusSeconds(1), List.of(client("192.168.10.21", 50001, PORT)));
        assertEquals(List.of("CONNECTED 08:00:01 hacluster|flume|flume-server-1:21154|192.168.10.21|client1|avro_sink"),
                describe(up));
        assertEquals(List.of(), tracker.sample(T.plusSeconds(2), List.of(client("192.168.10.21", 50001, PORT))));
        assertEquals(List.of("DISCONNECTED 08:00:03 hacluster|flume|flume-server-1:21154|192.168.10.21|client1|avro_sink"),
                describe(tracker.sample(T.plusSeconds(3), List.of())));
    }

    @Test
    void aConnectedClientGetsAHeartbeatEveryInterval() {
        LinkTracker tracker = new LinkTracker(config, mapping(), List.of());
        var all = new ArrayList<ConnectionEvent>();
        for (int s = 0; s <= 65; s++) {
            all.addAll(of("client1", tracker.sample(T.plusSeconds(s), List.of(client("192.168.10.21", 50001, PORT)))));
        }
        assertEquals(List.of(EventType.CONNECTED, EventType.HEARTBEAT, EventType.HEARTBEAT),
                all.stream().map(ConnectionEvent::type).toList());
        assertEquals(List.of(T, T.plusSeconds(30), T.plusSeconds(60)), all.stream().map(ConnectionEvent::time).toList());
    }

    @Test
    void severalConnectionsOfOneClientAreOneLink() {
        LinkTracker tracker = new LinkTracker(config, mapping(), List.of());
        List<ConnectionEvent> events = tracker.sample(T, List.of(client("192.168.10.21", 50001, PORT),
                client("192.168.10.21", 50002, PORT)));
        assertEquals(1, events.size());
        assertEquals(List.of(), tracker.sample(T.plusSeconds(1), List.of(client("192.168.10.21", 50002, PORT))),
                "one of its two connections closing is not a disconnect");
    }

    @Test
    void agentsOnOneHostAreSeparateLinksByServerPortAndBySourcePorts() {
        LinkTracker tracker = new LinkTracker(config, mapping(), List.of());
        List<ConnectionEvent> events = tracker.sample(T, List.of(
                client("192.168.10.22", 50000, 21155), client("192.168.10.22", 41050, PORT)));
        assertEquals(List.of("client2a", "client2b"), events.stream().map(ConnectionEvent::clientName).sorted().toList());
        List<ConnectionEvent> later = tracker.sample(T.plusSeconds(1), List.of(client("192.168.10.22", 41050, PORT)));
        assertEquals(List.of("DISCONNECTED client2a"),
                later.stream().map(e -> e.type() + " " + e.clientName()).toList());
    }

    @Test
    void unmappedClientsAreReportedByAddressOrIgnoredAsConfigured() {
        LinkTracker reporting = new LinkTracker(config, mapping(), List.of());
        ConnectionEvent stranger = reporting.sample(T, List.of(client("10.9.9.9", 1234, PORT))).get(0);
        assertEquals("10.9.9.9", stranger.clientIp());
        assertEquals("", stranger.clientName());

        LinkTracker ignoring = new LinkTracker(config.withFiles(config.stateFile(), config.procNet(), false), mapping(),
                List.of());
        assertEquals(List.of(), ignoring.sample(T, List.of(client("10.9.9.9", 1234, PORT))));
    }

    @Test
    void afterARestartAClientStillConnectedIsConnectedAgainAndNothingElse() {
        LinkTracker before = new LinkTracker(config, mapping(), List.of());
        before.sample(T, List.of(client("192.168.10.21", 50001, PORT)));

        LinkTracker after = new LinkTracker(config, mapping(), before.known());
        var events = new ArrayList<ConnectionEvent>();
        for (int s = 60; s <= 90; s++) {
            events.addAll(of("client1", after.sample(T.plusSeconds(s), List.of(client("192.168.10.21", 50001, PORT)))));
        }
        assertEquals(List.of("CONNECTED", "HEARTBEAT"), events.stream().map(e -> e.type().name()).toList(),
                "no DISCONNECTED: the engine's state goes from up to up, no alarm, no flap");
    }

    @Test
    void afterARestartAClientThatLeftMeanwhileIsDisconnectedAsOfTheFirstSampleThatMissedIt() {
        LinkTracker before = new LinkTracker(config, mapping(), List.of());
        before.sample(T, List.of(client("192.168.10.21", 50001, PORT)));

        LinkTracker after = new LinkTracker(config, mapping(), before.known());
        Instant restarted = T.plusSeconds(120);
        assertEquals(List.of(), after.sample(restarted, List.of()), "within the start grace: no noise yet");
        assertEquals(List.of(), after.sample(restarted.plusSeconds(9), List.of()));
        List<ConnectionEvent> late = of("client1", after.sample(restarted.plusSeconds(10), List.of()));
        assertEquals(List.of("DISCONNECTED client1"), late.stream().map(e -> e.type() + " " + e.clientName()).toList());
        assertEquals(restarted, late.get(0).time(), "stamped when the probe first knew: never early");
    }

    @Test
    void aClientReconnectingWithinTheStartGraceMakesNoNoise() {
        LinkTracker after = new LinkTracker(config, mapping(), List.of());
        assertEquals(List.of(), after.sample(T, List.of()));
        List<ConnectionEvent> events = after.sample(T.plusSeconds(3), List.of(client("192.168.10.21", 50009, PORT)));
        assertEquals(List.of("CONNECTED"), events.stream().map(e -> e.type().name()).toList());
        assertEquals(List.of(), of("client1", after.sample(T.plusSeconds(20),
                List.of(client("192.168.10.21", 50009, PORT)))), "(the mapping's other clients are reported absent)");
    }

    @Test
    void aMappedClientThatNeverConnectsIsReportedDisconnectedSoItsAbsenceAlarms() {
        LinkTracker tracker = new LinkTracker(config.with(List.of(PORT), "flume", "hacluster"), mapping(), List.of());
        var events = new ArrayList<ConnectionEvent>();
        for (int s = 0; s <= 10; s++) {
            events.addAll(tracker.sample(T.plusSeconds(s), List.of()));
        }
        // With one watched port, entries without serverPort are expected on it; client2a names 21155, unwatched.
        assertEquals(List.of("DISCONNECTED client1 @08:00:00", "DISCONNECTED client2b @08:00:00",
                        "DISCONNECTED local6 @08:00:00"),
                events.stream().map(e -> e.type() + " " + e.clientName() + " @" + e.time().toString().substring(11, 19))
                        .toList());
    }

    @Test
    void linksOfAnotherConfigurationInTheStateFileAreLeftAlone() {
        ConnectionEvent elsewhere = new ConnectionEvent(EventType.CONNECTED, T, "flume", "other-cluster", "10.1.1.1",
                "x", "", "flume-server-1", PORT, Map.of());
        LinkTracker tracker = new LinkTracker(config, ClientMap.empty(), List.of(elsewhere));
        assertEquals(List.of(), tracker.sample(T.plusSeconds(60), List.of()));
        assertEquals(List.of(), tracker.sample(T.plusSeconds(120), List.of()));
    }

    // ---------------------------------------------------------------- helpers

    private ClientMap mapping() {
        try {
            Path file = tmp.resolve("clients.yaml");
            Files.writeString(file, ClientMapTest.EXAMPLE);
            return ClientMap.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TcpTable.Socket client(String ip, int port, int serverPort) {
        try {
            return new TcpTable.Socket(InetAddress.getByName("192.168.0.10"), serverPort, InetAddress.getByName(ip),
                    port, TcpTable.ESTABLISHED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of one mapped client. */
    private static List<ConnectionEvent> of(String clientName, List<ConnectionEvent> events) {
        return events.stream().filter(e -> e.clientName().equals(clientName)).toList();
    }

    private static List<String> describe(List<ConnectionEvent> events) {
        return events.stream().map(e -> e.type() + " " + e.time().toString().substring(11, 19) + " " + e.connectionId())
                .toList();
    }
}
