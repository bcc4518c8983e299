package io.almengine.process;

import static io.almengine.process.EngineProcessIT.awaitAlarm;
import static io.almengine.process.EngineProcessIT.json;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.Json;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.KafkaTopics;
import io.almengine.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL the engine at awkward moments and start it again on the same Kafka (a broker that
 * outlives the engine, as a production cluster does): no alarm lost, none raised twice, none
 * left active after its connection came back while the engine was down. Counted on
 * {@code alm.alarm-events} as a downstream consumer sees it, not only through the API.
 */
class CrashRecoveryIT {

    private static final Duration RAISE_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dataDir;
    private String prefix;
    private Path definitions;

    @BeforeEach
    void freshTopics() {
        prefix = "crash" + UUID.randomUUID().toString().substring(0, 8) + ".";
        definitions = Definitions.flumeWithRaiseAfter(RAISE_AFTER);
    }

    private EngineProcess startEngine() throws Exception {
        return EngineProcess.start(dataDir, "--kafka-bootstrap", TestBroker.bootstrap(), "--topic-prefix", prefix,
                "--application-id", prefix + "engine", "--partitions", "1", "--definitions", definitions.toString());
    }

    @Test
    void aDisconnectWhoseWindowRanOutWhileTheEngineWasDownIsRaisedAtStartWithItsTrueTime() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        Instant down = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (var engine = startEngine()) {
            engine.post("/api/events", json(link.disconnected(down)));
            engine.kill();
        }
        await().until(() -> Instant.now().isAfter(down.plus(RAISE_AFTER).plusSeconds(1)));
        try (var engine = startEngine()) {
            var alarm = awaitAlarm(engine, "active");
            assertEquals(down.plus(RAISE_AFTER), Instant.parse(alarm.get("occurredAt").asText()));
        }
        assertEquals(List.of("raised"), changesOf(link));
    }

    @Test
    void aConnectionThatCameBackWhileTheEngineWasDownLeavesNoActiveAlarm() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        try (var engine = startEngine()) {
            engine.post("/api/events", json(link.disconnected(Instant.now().minusSeconds(60))));
            awaitAlarm(engine, "active");
            engine.kill();
        }
        KafkaTopics.produce(TestBroker.bootstrap(), prefix + "alm.connection-events", link.connected(Instant.now()));
        try (var engine = startEngine()) {
            awaitAlarm(engine, "cleared");
            assertEquals(0, Json.MAPPER.readTree(engine.get("/api/alarms").body()).get("total").asInt());
        }
        assertEquals(List.of("raised", "cleared"), changesOf(link));
    }

    @Test
    void aReconnectWaitingInKafkaStopsTheClockBeforeTheClockCanRaise() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        Instant down = Instant.now();
        try (var engine = startEngine()) {
            engine.post("/api/events", json(link.disconnected(down)));
            engine.kill();
        }
        KafkaTopics.produce(TestBroker.bootstrap(), prefix + "alm.connection-events", link.connected(down.plusSeconds(1)));
        await().until(() -> Instant.now().isAfter(down.plus(RAISE_AFTER).plusSeconds(1)));

        FlumeLink sentinel = FlumeLink.fresh();
        try (var engine = startEngine()) {
            // One partition: once the sentinel's overdue alarm is raised, the sweep has passed the link's deadline too.
            engine.post("/api/events", json(sentinel.disconnected(Instant.now().minusSeconds(60))));
            awaitAlarm(engine, "active");
        }
        assertEquals(List.of(), changesOf(link), "the outage lasted 1 s; no alarm, not even raised and cleared");
    }

    @Test
    void killedAgainAndAgainUnderTrafficEveryAlarmIsRaisedOnceAndClearedOnce() throws Exception {
        var random = new Random(42);
        List<FlumeLink> links = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            links.add(FlumeLink.fresh());
        }
        Instant down = Instant.now().minusSeconds(30);
        for (int round = 0; round < 3; round++) {
            try (var engine = startEngine()) {
                if (round == 0) {
                    engine.post("/api/events", json(links.stream().map(l -> l.disconnected(down))
                            .toArray(io.almengine.model.ConnectionEvent[]::new)));
                }
                if (round == 1) {
                    Instant up = Instant.now();
                    engine.post("/api/events", json(links.stream().map(l -> l.connected(up))
                            .toArray(io.almengine.model.ConnectionEvent[]::new)));
                }
                Thread.sleep(random.nextInt(1500));
                engine.kill();
            }
        }
        try (var engine = startEngine()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> links.stream()
                    .allMatch(l -> changesOf(l).size() >= 2));
        }
        for (FlumeLink link : links) {
            assertEquals(List.of("raised", "cleared"), changesOf(link), link.clientName());
        }
    }

    private List<String> changesOf(FlumeLink link) {
        return KafkaTopics.readAll(TestBroker.bootstrap(), prefix + "alm.alarm-events").stream()
                .filter(e -> e != null && link.connectionId().equals(e.get("connectionId")))
                .map(e -> (String) e.get("change")).collect(Collectors.toList());
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> last(List<Map<String, Object>> events) {
        return events.get(events.size() - 1);
    }
}
