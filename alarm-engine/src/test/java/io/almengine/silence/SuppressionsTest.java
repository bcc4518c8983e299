package io.almengine.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Why an alarm change is held back: masks first, then silences, then maintenance windows. */
class SuppressionsTest {

    /** Sunday 02:00–04:00 in Shanghai: Saturday 18:00–20:00 UTC. */
    private static final Instant WINDOW_START = Instant.parse("2026-12-05T18:00:00Z");

    private static Alarm alarm(String source, Instant occurredAt) {
        return Alarm.raise(7, 24003, "Flume Client connection interrupted", "Flume Client连接中断", Severity.MAJOR,
                occurredAt, Map.of("source", source), "c1", "test");
    }

    private static Suppressions with(Silence silence) {
        var s = new Suppressions();
        s.acceptSilence(silence.id(), silence.toJson(silence.createdAt()).toString().getBytes());
        return s;
    }

    private static Silence window(String id) {
        return new Silence(id, List.of(Matcher.of("source", "cluster-a", false, true)), Instant.EPOCH, null,
                new Schedule(List.of(DayOfWeek.SUNDAY), LocalTime.of(2, 0), Duration.ofHours(2), ZoneId.of("Asia/Shanghai")),
                "weekly upgrade", "ops", Instant.EPOCH);
    }

    @Test
    void anAlarmThatStartedInsideAMaintenanceWindowStaysQuietAfterItEnds() {
        Suppressions s = with(window("w1"));
        Alarm started = alarm("cluster-a", WINDOW_START.plusSeconds(60));
        Instant clearedAfterWindow = WINDOW_START.plus(Duration.ofHours(3));
        Quiet quiet = s.quiet(started, clearedAfterWindow).orElseThrow();
        assertEquals(Quiet.Kind.MAINTENANCE_WINDOW, quiet.kind());
        assertTrue(quiet.reason().startsWith("started inside maintenance window w1"), quiet.reason());
    }

    @Test
    void anAlarmThatStartedBeforeAWindowIsQuietOnlyWhileTheWindowRuns() {
        Suppressions s = with(window("w1"));
        Alarm before = alarm("cluster-a", WINDOW_START.minusSeconds(1));
        assertTrue(s.quiet(before, WINDOW_START.minusSeconds(1)).isEmpty());
        assertEquals(Quiet.Kind.MAINTENANCE_WINDOW, s.quiet(before, WINDOW_START).orElseThrow().kind());
        assertTrue(s.quiet(before, WINDOW_START.plus(Duration.ofHours(2))).isEmpty());
        assertTrue(s.quiet(alarm("cluster-b", WINDOW_START), WINDOW_START).isEmpty(), "another source");
    }

    @Test
    void aMaskIsTheFirstReasonGiven() throws Exception {
        Suppressions s = with(window("w1"));
        s.acceptMask("24003", Json.MAPPER.writeValueAsBytes(new Mask(24003, "upgrade", "admin", Instant.EPOCH)));
        assertEquals(Quiet.Kind.MASK, s.quiet(alarm("cluster-a", WINDOW_START), WINDOW_START).orElseThrow().kind());
    }

    @Test
    void aRecordThatIsNotASilenceIsSkippedAndTheOthersStay() {
        Suppressions s = with(window("w1"));
        s.acceptSilence("broken", "{not json".getBytes());
        assertEquals(1, s.silences().size());
    }
}
