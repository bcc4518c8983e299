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

    /** Disconnects {@code links} at {@code at[i]} each, sent in time order. */
    private static void downAt(List<FlumeLink> links, Instant... at) {
        for (int i = 0; i < at.length; i++) {
            harness.send(links.get(i).disconnected(at[i]));
        }
    }

    @Test
    void clientsDroppingOneByOneOverAnHourRaiseNoParent() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(61);
        connectAll(links, t);
        // One a minute: never three within 60 s of each other, although all of them end up down.
        for (int i = 0; i < links.size(); i++) {
            Instant at = t.plusSeconds(60).plus(Duration.ofMinutes(i));
            harness.clockAt(at);
            harness.send(links.get(i).disconnected(at));
        }
        harness.clockAt(t.plusSeconds(60).plus(Duration.ofMinutes(61)).plus(RAISE_AFTER));
        assertEquals(List.of(), parentsOf(links.get(0)));
        for (FlumeLink link : links) {
            assertNull(harness.awaitAlarm(link, Alarm::active).parent(), "each client's own alarm, unlinked");
        }
    }

    @Test
    void fewerThanMinClientsDownTogetherRaiseNoParent() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(2);
        connectAll(links, t);
        downAt(links, t.plusSeconds(10), t.plusSeconds(10));
        harness.clockAt(t.plusSeconds(10).plus(RAISE_AFTER).plusSeconds(10));
        assertEquals(List.of(), parentsOf(links.get(0)), "two of two clients: fewer than minClients 3");
        assertEquals(2, links.stream().filter(l -> !harness.alarmsOf(l).isEmpty()).count());
    }

    @Test
    void downsExactlyWithinOfEachOtherAreOneOutage() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(4);
        connectAll(links, t);
        Instant first = t.plusSeconds(10);
        downAt(links, first, first.plusSeconds(30), first.plus(WITHIN));
        harness.clockAt(first.plus(RAISE_AFTER));
        Alarm parent = parentsOf(links.get(0)).get(0);
        assertEquals(first.plus(RAISE_AFTER), parent.occurredAt());
        assertEquals("3", parent.params().get("clientsDown"));
        assertEquals("4", parent.params().get("clientsKnown"));
    }

    @Test
    void downsOneNanosecondMoreThanWithinApartAreNot() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(4);
        connectAll(links, t);
        Instant first = t.plusSeconds(10);
        downAt(links, first, first.plusSeconds(30), first.plus(WITHIN).plusNanos(1));
        harness.clockAt(first.plus(WITHIN).plus(RAISE_AFTER).plusSeconds(1));
        assertEquals(List.of(), parentsOf(links.get(0)));
    }

    @Test
    void exactlyMinShareOfTheKnownClientsIsMost() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(6);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down);
        harness.clockAt(down.plus(RAISE_AFTER));
        assertEquals(1, parentsOf(links.get(0)).size(), "3 of 6 is minShare 0.5");
    }

    @Test
    void lessThanMinShareOfTheKnownClientsIsNot() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(7);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down);
        harness.clockAt(down.plus(RAISE_AFTER).plusSeconds(10));
        assertEquals(List.of(), parentsOf(links.get(0)), "3 of 7 is less than half");
    }

    @Test
    void clientsBackBeforeRaiseAfterRaiseNothing() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(3);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down);
        harness.clockAt(down.plus(RAISE_AFTER).minusSeconds(1));
        harness.send(links.get(0).connected(down.plus(RAISE_AFTER).minusSeconds(1)));
        harness.clockAt(down.plus(RAISE_AFTER).plusSeconds(10));
        assertEquals(List.of(), parentsOf(links.get(0)), "a blip of the port, not an outage");
    }

    @Test
    void theParentClearsWhenTheClientsAreBackAndLaterChildrenAreNotLinked() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(4);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down);
        harness.clockAt(down.plus(RAISE_AFTER));
        Alarm parent = parentsOf(links.get(0)).get(0);

        Instant back = down.plus(Duration.ofMinutes(10));
        harness.clockAt(back);
        harness.send(links.get(0).connected(back));
        Alarm cleared = harness.awaitAlarm(portOf(links.get(0)), a -> !a.active());
        assertEquals(parent.serialNo(), cleared.serialNo());
        assertEquals(back, cleared.clearedAt(), "cleared when fewer than minClients were down");
        assertTrue(harness.awaitAlarm(links.get(1), Alarm::active).parent() == parent.serialNo());

        // The fourth client goes down alone later: its alarm is its own.
        Instant alone = back.plus(Duration.ofMinutes(5));
        harness.clockAt(alone);
        harness.send(links.get(3).disconnected(alone));
        harness.clockAt(alone.plus(RAISE_AFTER));
        assertNull(harness.awaitAlarm(links.get(3), Alarm::active).parent());
        assertEquals(1, parentsOf(links.get(0)).size());
    }

    @Test
    void aChildAlreadyRaisedIsLinkedWithAHistoryEntryAndOneRaisedLaterCarriesItsParentFromTheStart() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(3);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down.plusSeconds(20), down.plusSeconds(40));
        harness.clockAt(down.plus(RAISE_AFTER));
        Alarm parent = parentsOf(links.get(0)).get(0);
        Alarm first = harness.awaitAlarm(links.get(0), Alarm::active);
        assertEquals(parent.serialNo(), first.parent());
        assertTrue(first.history().stream().anyMatch(h -> h.change().equals(AlarmChange.LINKED)
                && h.detail().equals("parent alarm " + parent.serialNo())), first.history().toString());

        harness.clockAt(down.plusSeconds(40).plus(RAISE_AFTER));
        Alarm last = harness.awaitAlarm(links.get(2), Alarm::active);
        assertEquals(parent.serialNo(), last.parent());
        assertTrue(last.history().stream().noneMatch(h -> h.change().equals(AlarmChange.LINKED)),
                "raised as a child: " + last.history());
        assertEquals(3, harness.alarms().childrenOf(parent.serialNo()));
    }

    @Test
    void clientsOfAnOutageBeingJudgedCarryTheirParentFromTheirOwnRaise() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(5);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down, down);
        harness.clockAt(down.plusSeconds(30)); // judged: armed for down + raiseAfter, nothing raised yet

        harness.clockAt(down.plus(RAISE_AFTER));
        Alarm parent = parentsOf(links.get(0)).get(0);
        for (FlumeLink link : links.subList(0, 4)) {
            Alarm child = harness.awaitAlarm(link, Alarm::active);
            assertEquals(parent.serialNo(), child.parent(), link.clientName());
            assertTrue(child.history().stream().noneMatch(h -> h.change().equals(AlarmChange.LINKED)),
                    "raised as a child, one change: " + child.history());
        }
        assertEquals(4, harness.alarms().childrenOf(parent.serialNo()));
    }

    @Test
    void anOutageThatBreaksUpBeforeItIsJudgedLeavesItsClientsAlarmsOnTheirOwn() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(6);
        connectAll(links, t);
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down, down);
        harness.clockAt(down.plusSeconds(30)); // 4 of 6: armed, its clients linked ahead of their raise

        Instant back = down.plus(RAISE_AFTER).minusSeconds(30);
        harness.clockAt(back);
        harness.send(links.get(0).connected(back), links.get(1).connected(back));
        harness.clockAt(back.plusSeconds(1)); // 2 of 6 down: the group broke up before it was judged

        harness.clockAt(down.plus(RAISE_AFTER).plusSeconds(1));
        assertEquals(List.of(), parentsOf(links.get(0)), "no outage of the port");
        for (FlumeLink link : links.subList(2, 4)) {
            assertNull(harness.awaitAlarm(link, Alarm::active).parent(), link.clientName() + " is on its own");
        }
    }

    @Test
    void retiredClientsAreNoLongerKnown() {
        Instant t = harness.freshHour();
        List<FlumeLink> links = clientsOfAFreshPort(7);
        connectAll(links, t);
        harness.retire(links.get(5));
        harness.retire(links.get(6));
        Instant down = t.plusSeconds(10);
        downAt(links, down, down, down);
        harness.clockAt(down.plus(RAISE_AFTER));
        Alarm parent = parentsOf(links.get(0)).get(0);
        assertEquals("5", parent.params().get("clientsKnown"), "3 of the 5 left is most of them");
    }

    @Test
    void anOutageJudgedAcrossARestartRaisesOneParentAndLinksEveryChild() {
        // Its own pipeline: a restart here must not restart the one the other tests share.
        try (var own = new PipelineHarness().start()) {
            Instant t = own.freshHour();
            List<FlumeLink> links = clientsOfAFreshPort(5);
            own.send(links.stream().map(l -> l.connected(t)).toArray(ConnectionEvent[]::new));
            Instant down = t.plusSeconds(10);
            for (int i = 0; i < 3; i++) {
                own.send(links.get(i).disconnected(down.plusSeconds(i)));
            }
            own.clockAt(down.plus(Duration.ofMinutes(1)));

            own.restart();
            // The other two go down after the restart: the port still knows the first three.
            own.send(links.get(3).disconnected(down.plus(Duration.ofMinutes(1))),
                    links.get(4).disconnected(down.plus(Duration.ofMinutes(1))));
            own.clockAt(down.plus(RAISE_AFTER).plusSeconds(2));
            List<Alarm> parents = own.alarmsOf(portOf(links.get(0)));
            assertEquals(1, parents.size(), parents.toString());
            Alarm parent = parents.get(0);
            assertEquals(down.plus(RAISE_AFTER), parent.occurredAt(), "the deadline armed before the restart held");
            assertEquals("5", parent.params().get("clientsDown"), "three before the restart, two after");
            assertEquals("5", parent.params().get("clientsKnown"), "the clients seen before the restart are known");

            own.restart();
            own.clockAt(down.plus(Duration.ofMinutes(1)).plus(RAISE_AFTER));
            for (FlumeLink link : links) {
                assertEquals(parent.serialNo(), own.awaitAlarm(link, Alarm::active).parent(),
                        link.clientName() + " linked, before or after the second restart");
            }
            Instant back = down.plus(Duration.ofMinutes(10));
            own.clockAt(back);
            own.send(links.stream().map(l -> l.connected(back)).toArray(ConnectionEvent[]::new));
            assertTrue(own.alarmsOf(portOf(links.get(0))).stream().noneMatch(Alarm::active), "cleared after a restart");
        }
    }
}
