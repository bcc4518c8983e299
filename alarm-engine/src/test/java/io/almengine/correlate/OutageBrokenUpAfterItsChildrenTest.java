package io.almengine.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ConnectionEvent;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A server port's clients are linked to its alarm as soon as its outage is armed, before either is
 * raised. A client whose server's probe vouches for its events is judged at once, while the port
 * waits for the engine's clock less the allowed lateness: its alarm can be raised as a child of an
 * outage that then breaks up and is never raised. It is then on its own again, and says so.
 */
class OutageBrokenUpAfterItsChildrenTest {

    private static final Duration RAISE_AFTER = Duration.ofMinutes(3);
    private static final Duration LATENESS = Duration.ofSeconds(30);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness().configure(c -> c.allowedLateness(LATENESS));

    @Test
    void aChildRaisedAheadOfAnOutageThatThenBreaksUpIsUnlinkedInItsHistory() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = ServerPortOutageTest.clientsOfAFreshPort(6);
        String probe = "probe-" + links.get(0).serverPort();
        harness.send(links.stream().map(l -> l.connected(t).withReporter(probe)).toArray(ConnectionEvent[]::new));
        Instant down = t.plusSeconds(10);
        harness.send(links.subList(0, 4).stream().map(l -> l.disconnected(down).withReporter(probe))
                .toArray(ConnectionEvent[]::new));
        Instant armedAt = down.plus(LATENESS).plusSeconds(30);
        harness.clockAt(armedAt); // 4 of 6 down: armed, its clients linked ahead of their raise

        // The server's probe vouches for everything up to raiseAfter: the clients' alarms are raised
        // at once, while the port is judged on the engine's clock less the lateness, minutes short.
        Instant vouched = down.plus(RAISE_AFTER);
        harness.sendWatermark(probe, vouched);
        Alarm child = harness.awaitAlarm(links.get(3), Alarm::active);
        assertNotNull(child.parent(), "raised linked to the port's reserved alarm: " + child);
        long reserved = child.parent();

        harness.send(links.get(0).connected(vouched.plusSeconds(1)).withReporter(probe),
                links.get(1).connected(vouched.plusSeconds(1)).withReporter(probe));
        harness.clockAt(armedAt.plusSeconds(5)); // 2 of 6 down: the group broke up before it was judged

        harness.clockAt(down.plus(RAISE_AFTER).plus(LATENESS).plusSeconds(10));
        assertEquals(List.of(), harness.alarmsOf(ServerPortOutageTest.portOf(links.get(0))), "no outage of the port");
        Alarm alone = harness.awaitAlarm(links.get(3), a -> a.active() && a.parent() == null);
        assertTrue(alone.history().stream().anyMatch(h -> h.change().equals(AlarmChange.UNLINKED)
                && h.detail().startsWith("parent alarm " + reserved)), alone.history().toString());
        for (FlumeLink link : links.subList(2, 4)) {
            assertTrue(harness.alarmsOf(link).stream().filter(Alarm::active).allMatch(a -> a.parent() == null),
                    "no active alarm stays under a parent that was never raised: " + harness.alarmsOf(link));
        }
        // The clients that came back meanwhile keep the link in their cleared alarms: history as it
        // was, and a cleared alarm is no longer found by its connection to be changed.
    }
}
