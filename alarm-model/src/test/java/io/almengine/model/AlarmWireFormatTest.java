package io.almengine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code alm.alarms} is compacted: an engine upgraded in place reads alarms the previous version
 * wrote, possibly months ago. The fixture was written by that version's own model classes (an
 * active alarm acknowledged, commented and with a runbook answer, and a cleared one).
 */
class AlarmWireFormatTest {

    @Test
    void alarmsWrittenByThePreviousVersionAreReadWithEverythingTheyHeld() throws IOException {
        List<Alarm> alarms = previousVersionsAlarms();

        Alarm active = alarms.get(0);
        assertEquals(4001, active.serialNo());
        assertEquals(AlarmState.ACTIVE, active.state());
        assertEquals(Severity.MAJOR, active.severity());
        assertTrue(active.acknowledged());
        assertEquals("10.1.0.7", active.params().get("clientIp"));
        assertEquals("network team called", active.comments().get(0).text());
        assertEquals("ping", active.runbookAnswers().get(0).step());
        assertEquals(List.of("raised", "acknowledged", "commented", "runbook-answered"),
                active.history().stream().map(AlarmChange::change).toList());

        Alarm cleared = alarms.get(1);
        assertEquals(ClearType.AUTO, cleared.clearType());
        assertEquals(Instant.parse("2026-11-20T08:08:00Z"), cleared.clearedAt());
    }

    @Test
    void anAlarmOfThePreviousVersionTakesTheChangesOfThisOne() throws IOException {
        Alarm active = previousVersionsAlarms().get(0);

        Alarm cleared = active.cleared(Instant.parse("2026-11-20T09:00:00Z"), ClearType.AUTO, Alarm.ENGINE, "back");

        assertEquals(AlarmState.CLEARED, cleared.state());
        assertEquals("ALM-24003", cleared.labels().get("alertname"));
        assertNotNull(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(cleared), Alarm.class));
    }

    private static List<Alarm> previousVersionsAlarms() throws IOException {
        try (InputStream in = AlarmWireFormatTest.class.getResourceAsStream("alarms-v1.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> {
                        try {
                            return Json.MAPPER.readValue(line, Alarm.class);
                        } catch (IOException e) {
                            throw new AssertionError("cannot read " + line, e);
                        }
                    })
                    .toList();
        }
    }
}
