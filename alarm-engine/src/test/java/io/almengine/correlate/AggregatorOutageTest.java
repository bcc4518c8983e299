package io.almengine.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24902, the same mechanism as ALM-24900 with its own definition and rule file: a Fluentd
 * aggregator that most of its forwarders lose together raises one alarm, and the forwarders'
 * ALM-24102 alarms (raised by their heartbeats' silence, not by a disconnect) are its children.
 */
class AggregatorOutageTest {

    private static final Duration RAISE_AFTER = Duration.ofSeconds(60);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    private static List<Fluentd> forwardersOf(String aggregator, int n) {
        var forwarders = new ArrayList<Fluentd>();
        for (int i = 0; i < n; i++) {
            Fluentd f = Fluentd.freshPrimary();
            forwarders.add(new Fluentd(f.source(), f.clientIp(), f.clientName(), f.sinkName(), aggregator, 24224,
                    "primary", "group-" + aggregator));
        }
        return forwarders;
    }

    private static void beat(List<Fluentd> forwarders, Instant at) {
        harness.send(forwarders.stream().map(f -> f.heartbeat(at)).toArray(io.almengine.model.ConnectionEvent[]::new));
    }

    @Test
    void anAggregatorLosingFourOfItsFiveForwardersRaisesOneAlarmOverTheirs() {
        Instant t = harness.freshHour();
        List<Fluentd> all = forwardersOf("192.168.77.1", 5);
        List<Fluentd> lost = all.subList(0, 4);
        Fluentd still = all.get(4);
        for (int s = 0; s <= 20; s++) {
            beat(all, t.plusSeconds(s));
        }
        // Four stop at once; the fifth keeps beating every second until the end.
        Instant end = t.plusSeconds(20).plus(Duration.ofMinutes(3));
        for (Instant at = t.plusSeconds(21); !at.isAfter(end); at = at.plusSeconds(1)) {
            harness.clockAt(at);
            harness.send(still.heartbeat(at));
        }

        List<Alarm> children = lost.stream().map(f -> harness.awaitAlarm(f.connectionId(), Alarm::active)).toList();
        Instant firstLost = children.stream().map(Alarm::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        List<Alarm> parents = harness.alarmsOf("cluster-f|fluentd|192.168.77.1:24224");
        assertEquals(1, parents.size(), "one ALM-24902: " + parents);
        Alarm parent = parents.get(0);
        assertEquals(24902, parent.alarmId());
        assertEquals(firstLost.plus(RAISE_AFTER), parent.occurredAt());
        assertEquals("4", parent.params().get("clientsDown"));
        assertEquals("5", parent.params().get("clientsKnown"));
        for (Alarm child : children) {
            assertEquals(24102, child.alarmId());
            assertEquals(parent.serialNo(), child.parent());
        }
        assertTrue(harness.alarmsOf(still.connectionId()).isEmpty());
        assertEquals(List.of(), harness.alarmsOf("cluster-f|fluentd|192.168.77.1:24224").stream()
                .filter(a -> a.alarmId() == 24900).toList(), "nothing of Flume's");

        // Their heartbeats come back: the forwarders' alarms clear, and so does the aggregator's.
        Instant back = end.plusSeconds(1);
        harness.clockAt(back);
        beat(all, back);
        assertTrue(!harness.awaitAlarm("cluster-f|fluentd|192.168.77.1:24224", a -> true).active());
        assertNull(harness.alarmsOf(still.connectionId()).stream().findAny().orElse(null));
    }
}
