package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route stage learns which change a record is without reading its alarm, wherever the field is. */
class AlarmEventTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");

    private static byte[] json(Object value) throws IOException {
        return Json.MAPPER.writeValueAsBytes(value);
    }

    @Test
    void theChangeIsReadAndTheAlarmBesideIt() throws Exception {
        Alarm alarm = Alarms.flume(4003, "cluster-a", T0);
        var record = new LinkedHashMap<String, Object>();
        record.put("change", "raised");
        record.put("changedAt", T0);
        record.putAll(Json.MAPPER.convertValue(alarm, Map.class));
        AlarmEvent event = AlarmEvent.read(json(record));
        assertEquals("raised", event.change());
        assertEquals(alarm, event.alarm());
    }

    @Test
    void aChangeFieldAfterNestedObjectsIsFoundAtTheTopLevelOnly() throws Exception {
        var record = new LinkedHashMap<String, Object>();
        record.put("params", Map.of("change", "not this one"));
        record.put("history", java.util.List.of(Map.of("change", "nor this")));
        record.put("change", "commented");
        assertEquals("commented", AlarmEvent.read(json(record)).change());
    }

    @Test
    void aRecordWithoutAChangeHasNone() throws Exception {
        assertNull(AlarmEvent.read(json(Map.of("serialNo", 1))).change());
        assertNull(AlarmEvent.read(json(Map.of("change", 3))).change());
    }

    @Test
    void somethingOtherThanAnObjectIsRefused() {
        assertThrows(IOException.class, () -> AlarmEvent.read("[1,2]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> AlarmEvent.read("{\"change\":".getBytes(StandardCharsets.UTF_8)));
    }
}
