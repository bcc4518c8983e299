package io.almengine.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Numbered changes and the catch-up a reconnecting console gets. */
class AlarmFeedTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

    private final AlarmFeed feed = new AlarmFeed(5);

    private static Alarm alarm(long serial) {
        return Alarm.raise(serial, 24003, "n", "n", Severity.MAJOR, T0, Map.of(), "c" + serial, null);
    }

    /** Feeds alarms 1..n and returns the ids they got. */
    private List<String> changes(int n) {
        var ids = new ArrayList<String>();
        feed.subscribe(null, caught -> { }, c -> ids.add(c.id()));
        for (int i = 1; i <= n; i++) {
            feed.accept(alarm(i));
        }
        return ids;
    }

    /** What a subscriber from {@code lastEventId} is handed first. */
    private AlarmFeed.Catch catchUp(AlarmFeed on, String lastEventId) {
        var caught = new ArrayList<AlarmFeed.Catch>();
        on.subscribe(lastEventId, caught::add, c -> { });
        return caught.get(0);
    }

    private AlarmFeed.Catch catchUp(String lastEventId) {
        return catchUp(feed, lastEventId);
    }

    private static List<Long> serials(AlarmFeed.Catch caught) {
        return caught.missed().stream().map(c -> c.alarm().serialNo()).toList();
    }

    @Test
    void aReconnectingClientGetsExactlyWhatItMissed() {
        List<String> ids = changes(4);
        AlarmFeed.Catch caught = catchUp(ids.get(1));
        assertFalse(caught.reset());
        assertEquals(List.of(3L, 4L), serials(caught));
        assertEquals("raised", caught.missed().get(0).change());
        assertEquals(ids.get(3), caught.headId());
        assertEquals(List.of(), serials(catchUp(ids.get(3))), "nothing missed");
    }

    @Test
    void anIdOlderThanTheRingIsAnsweredWithAReset() {
        List<String> ids = changes(8); // the ring keeps 4..8
        assertTrue(catchUp(ids.get(1)).reset(), "3 fell out of the ring");
        AlarmFeed.Catch justKept = catchUp(ids.get(2));
        assertFalse(justKept.reset(), "after 3 comes 4, still kept");
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), serials(justKept));
    }

    @Test
    void anotherInstancesIdOrGarbageIsAnsweredWithAReset() {
        List<String> ids = changes(2);
        String foreign = "zzzzzz-" + ids.get(1).substring(ids.get(1).lastIndexOf('-') + 1);
        assertTrue(catchUp(foreign).reset());
        assertTrue(catchUp("garbage").reset());
        assertTrue(catchUp(ids.get(1) + "0").reset(), "an id from the future");
        assertTrue(catchUp(new AlarmFeed(5), ids.get(0)).reset(), "a restarted instance has a new epoch");
    }

    @Test
    void idsIncreaseAndSubscribersHearEveryChangeAfterTheirCatchUp() {
        List<String> before = changes(2);
        var heard = new ArrayList<String>();
        feed.subscribe(before.get(0), caught -> caught.missed().forEach(c -> heard.add("missed " + c.seq())),
                c -> heard.add("live " + c.seq()));
        feed.accept(alarm(3));
        feed.accept(alarm(4));
        assertEquals(List.of("missed 2", "live 3", "live 4"), heard, "the catch-up first, then live, in order");
        assertTrue(before.stream().allMatch(id -> id.matches("[a-z0-9]+-\\d+")), before.toString());
    }

    @Test
    void aRemovalIsNumberedWithTheChangesAndReplayedInItsPlace() {
        List<String> ids = changes(2);
        var heard = new ArrayList<AlarmFeed.Change>();
        feed.subscribe(null, caught -> { }, heard::add);
        feed.acceptRemoval(alarm(1));
        feed.accept(alarm(3));

        assertEquals(List.of("removed", "raised"), heard.stream().map(AlarmFeed.Change::change).toList());
        assertTrue(heard.get(0).removal());
        assertFalse(heard.get(1).removal());
        assertEquals(1L, heard.get(0).alarm().serialNo(), "the removed alarm, as last known");
        AlarmFeed.Catch caught = catchUp(ids.get(1));
        assertEquals(List.of(1L, 3L), serials(caught), "a client that was away hears of the removal too");
        assertTrue(caught.missed().get(0).removal());
    }
}
