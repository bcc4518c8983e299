package io.almengine.lifecycle;

import static io.almengine.testing.EngineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.EventStreamClient;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Cleared alarms stay listed for the retention period, then leave alm.alarms as a tombstone; history stays. */
// The tests share the engine's clock and the first one starts at T0: it must run before the clock moves on.
@TestMethodOrder(MethodOrderer.MethodName.class)
class ClearedAlarmRetentionTest {

    private static final Duration RETENTION = Duration.ofDays(2);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EngineHarness harness;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().configure(c -> c.clearedRetention(RETENTION)).start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aClearedAlarmIsTombstonedWhenItsRetentionEnds() {
        FlumeLink link = FlumeLink.fresh();
        harness.clockAt(T0);
        harness.send(link.disconnected(T0));
        harness.clockAt(T0.plus(Duration.ofMinutes(3)));
        Alarm alarm = harness.awaitAlarm(link, Alarm::active);
        harness.send(link.connected(T0.plus(Duration.ofMinutes(4))));
        harness.awaitAlarm(link, a -> !a.active());
        Instant clearedSeenAt = harness.clock.instant();

        harness.clockAt(clearedSeenAt.plus(RETENTION).minusSeconds(1));
        assertEquals(1, harness.alarmsOf(link).size(), "still listed one second before its retention ends");

        harness.clockAt(clearedSeenAt.plus(RETENTION));
        await().atMost(Duration.ofSeconds(30)).until(() -> harness.alarmsOf(link).isEmpty());
        List<Map<String, Object>> alarmsTopic = harness.readAll(harness.topics.alarms());
        assertNull(alarmsTopic.get(alarmsTopic.size() - 1), "the last record of alm.alarms is the tombstone");
        assertEquals(2, harness.alarmEvents().stream()
                .filter(e -> e != null && Long.valueOf(alarm.serialNo()).equals(((Number) e.get("serialNo")).longValue()))
                .count(), "the history keeps the raise and the clear");
    }

    @Test
    void theEventStreamSaysWhenAClearedAlarmIsRemovedAndReplaysItToAClientThatWasAway() throws Exception {
        Instant t = harness.clock.instant().plus(Duration.ofDays(10));
        FlumeLink link = FlumeLink.fresh();
        harness.clockAt(t);
        int port = harness.engine().httpPort();
        String lastSeenBeforeRemoval;
        Alarm alarm;
        try (var stream = EventStreamClient.open(port, "/api/stream", harness.adminToken(), null)) {
            assertEquals("ready", stream.next(WAIT).name());
            harness.send(link.disconnected(t));
            harness.clockAt(t.plus(Duration.ofMinutes(3)));
            alarm = harness.awaitAlarm(link, Alarm::active);
            harness.send(link.connected(t.plus(Duration.ofMinutes(4))));
            harness.awaitAlarm(link, a -> !a.active());
            lastSeenBeforeRemoval = stream.awaitEvent(e -> e.name().equals("alarm")
                    && e.data().contains("\"serialNo\":" + alarm.serialNo() + ",") && e.data().contains("\"cleared\""),
                    WAIT).id();

            harness.clockAt(harness.clock.instant().plus(RETENTION));
            EventStreamClient.Event removed = stream.awaitEvent(e -> e.name().equals("removed"), WAIT);
            assertNotNull(removed.id(), "an id like every event, to resume after it");
            JsonNode data = Json.MAPPER.readTree(removed.data());
            assertEquals(alarm.serialNo(), data.path("serialNo").asLong(), removed.data());
            assertTrue(harness.alarmsOf(link).isEmpty(), "sent once the alarm is gone from the list");
        }

        try (var back = EventStreamClient.open(port, "/api/stream", harness.adminToken(), lastSeenBeforeRemoval)) {
            EventStreamClient.Event replayed = back.next(WAIT);
            assertEquals("removed", replayed.name(), "the one event it missed");
            assertEquals(alarm.serialNo(), Json.MAPPER.readTree(replayed.data()).path("serialNo").asLong());
        }
    }
}
