package io.almengine.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ConnectionEvent;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.PipelineHarness;
import io.almengine.view.AlarmFilter;
import io.almengine.view.AlarmQuery;
import io.almengine.view.AlarmSort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24900 on the engine's topology with the shipped definitions and rules: one root-cause alarm
 * for a Flume server port whose clients went down together, its clients' ALM-24003 alarms linked
 * to it. Each test has a server port of its own, so they share one pipeline.
 */
class ServerPortOutageTest {

    private static final Duration RAISE_AFTER = Duration.ofMinutes(3);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final AtomicInteger PORTS = new AtomicInteger(31000);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    /** {@code n} clients of a server port no other test uses. */
    static List<FlumeLink> clientsOfAFreshPort(int n) {
        int port = PORTS.incrementAndGet();
        var links = new ArrayList<FlumeLink>();
        for (int i = 0; i < n; i++) {
            int c = CLIENTS.incrementAndGet();
            links.add(new FlumeLink("cluster-a", "10.9." + (c / 250) + "." + (c % 250 + 1), "root-" + c, "avro-sink",
                    "127.0.0.1", port));
        }
        return links;
    }

    static String portOf(FlumeLink link) {
        return "cluster-a|flume|127.0.0.1:" + link.serverPort();
    }

    private static List<Alarm> parentsOf(FlumeLink link) {
        return harness.alarmsOf(portOf(link));
    }

    private static void connectAll(List<FlumeLink> links, Instant at) {
        harness.send(links.stream().map(l -> l.connected(at)).toArray(ConnectionEvent[]::new));
    }

    @Test
    void twoHundredClientsDroppingWithinOneSecondRaiseOneParentWithTwoHundredLinkedChildren() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(200);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        for (int i = 0; i < links.size(); i++) {
            harness.send(links.get(i).disconnected(down.plusMillis(5L * i)));
        }

        harness.clockAt(down.plus(RAISE_AFTER).minusMillis(1));
        assertEquals(List.of(), parentsOf(links.get(0)), "nothing before raiseAfter");

        harness.clockAt(down.plus(RAISE_AFTER).plusSeconds(1));
        List<Alarm> parents = parentsOf(links.get(0));
        assertEquals(1, parents.size(), "one parent: " + parents);
        Alarm parent = parents.get(0);
        assertEquals(24900, parent.alarmId());
        assertTrue(parent.active());
        assertEquals(down.plus(RAISE_AFTER), parent.occurredAt(), "dated with its first child");
        assertEquals("200", parent.params().get("clientsDown"));
        assertEquals("200", parent.params().get("clientsKnown"));
        assertEquals("127.0.0.1", parent.params().get("serverHost"));
        assertEquals(Integer.toString(links.get(0).serverPort()), parent.params().get("serverPort"));
        for (FlumeLink link : links) {
            Alarm child = harness.awaitAlarm(link, Alarm::active);
            assertEquals(parent.serialNo(), child.parent(), "child " + link.clientName() + " is linked");
        }
        var children = harness.alarms().query(new AlarmQuery(new AlarmFilter(null, null, null, null, null, null, null,
                null, null, null, false, null, parent.serialNo()), AlarmSort.NEWEST_FIRST, 1000, 0));
        assertEquals(200, children.total(), "parent= lists the children");
        assertEquals(200, harness.alarms().childrenOf(parent.serialNo()));
    }
}
