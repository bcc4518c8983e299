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
        feed.subscribe(null, c -> ids.add(c.id()));
        for (int i = 1; i <= n; i++) {
            feed.accept(alarm(i));
        }
        return ids;
    }

    private static List<Long> serials(AlarmFeed.Catch caught) {
        return caught.missed().stream().map(c -> c.alarm().serialNo()).toList();
    }

    @Test
    void aReconnectingClientGetsExactlyWhatItMissed() {
        List<String> ids = changes(4);
        AlarmFeed.Catch caught = feed.subscribe(ids.get(1), c -> { });
        assertFalse(caught.reset());
        assertEquals(List.of(3L, 4L), serials(caught));
        assertEquals("raised", caught.missed().get(0).change());
        assertEquals(ids.get(3), caught.headId());
        assertEquals(List.of(), serials(feed.subscribe(ids.get(3), c -> { })), "nothing missed");
    }

    @Test
    void anIdOlderThanTheRingIsAnsweredWithAReset() {
        List<String> ids = changes(8); // the ring keeps 4..8
        assertTrue(feed.subscribe(ids.get(1), c -> { }).reset(), "3 fell out of the ring");
        AlarmFeed.Catch justKept = feed.subscribe(ids.get(2), c -> { });
        assertFalse(justKept.reset(), "after 3 comes 4, still kept");
        assertEquals(List.of(4L, 5L, 6L, 7L, 8L), serials(justKept));
    }

    @Test
    void anotherInstancesIdOrGarbageIsAnsweredWithAReset() {
        List<String> ids = changes(2);
        String foreign = "zzzzzz-" + ids.get(1).substring(ids.get(1).lastIndexOf('-') + 1);
        assertTrue(feed.subscribe(foreign, c -> { }).reset());
        assertTrue(feed.subscribe("garbage", c -> { }).reset());
        assertTrue(feed.subscribe(ids.get(1) + "0", c -> { }).reset(), "an id from the future");
        assertTrue(new AlarmFeed(5).subscribe(ids.get(0), c -> { }).reset(), "a restarted instance has a new epoch");
    }

    @Test
    void idsIncreaseAndSubscribersHearEveryChangeAfterTheirCatchUp() {
        var heard = new ArrayList<Long>();
        AlarmFeed.Catch caught = feed.subscribe(null, c -> heard.add(c.seq()));
        assertFalse(caught.reset());
        List<String> ids = changes(3);
        assertEquals(List.of(1L, 2L, 3L), heard);
        assertTrue(ids.stream().allMatch(id -> id.matches("[a-z0-9]+-\\d+")), ids.toString());
    }
}
