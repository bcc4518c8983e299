package io.almengine.lifecycle;

import static io.almengine.testing.PipelineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.almengine.model.Alarm;
import io.almengine.testing.PipelineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cleared alarms stay listed for the retention period, then leave alm.alarms as a tombstone; history
 * stays. On the engine's topology; what the API's event stream says of it is in
 * {@link ClearedAlarmRetentionOnBrokerTest}.
 */
class ClearedAlarmRetentionTest {

    private static final Duration RETENTION = Duration.ofDays(2);
    private static PipelineHarness harness;

    @BeforeAll
    static void start() {
        harness = new PipelineHarness().configure(c -> c.clearedRetention(RETENTION)).start();
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
}
