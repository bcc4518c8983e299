package io.almengine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.EventStreamClient;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the API's event stream says when a cleared alarm's retention ends, live and to a client
 * that was away: needs the whole engine. The retention itself is in {@link ClearedAlarmRetentionTest}.
 */
class ClearedAlarmRetentionOnBrokerTest {

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
