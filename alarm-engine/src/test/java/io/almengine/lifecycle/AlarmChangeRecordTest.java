package io.almengine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/** The change record made from the alarm's own JSON is the one the record type itself writes, byte for byte. */
class AlarmChangeRecordTest {

    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00.123456789Z");

    private static Alarm raised() {
        var params = new LinkedHashMap<String, String>();
        params.put("clientIp", "10.0.0.7");
        params.put("clientName", "客户端-7");
        return Alarm.raise(7003, 24003, "Flume Client connection interrupted", "Flume Client连接中断", Severity.MAJOR,
                T0, params, "cluster-a|flume|10.0.0.1:21154|10.0.0.7|c7|k1", "disconnected for 3 minutes \"quoted\"");
    }

    private static byte[] asTheRecordWritesIt(Alarm alarm) throws Exception {
        return Json.MAPPER.writeValueAsBytes(AlarmChangeRecord.of(alarm));
    }

    @Test
    void aRaiseIsWrittenAsTheRecordTypeWritesIt() throws Exception {
        Alarm alarm = raised();
        byte[] spliced = AlarmChangeRecord.json(alarm, Json.MAPPER.writeValueAsBytes(alarm));
        assertArrayEquals(asTheRecordWritesIt(alarm), spliced, new String(spliced, StandardCharsets.UTF_8));
    }

    @Test
    void aLaterChangeNamesItselfAndKeepsTheWholeHistory() throws Exception {
        Alarm cleared = raised().linked(T0.plusSeconds(1), 1002).cleared(T0.plusSeconds(60), ClearType.AUTO,
                Alarm.ENGINE, "connected again");
        byte[] spliced = AlarmChangeRecord.json(cleared, Json.MAPPER.writeValueAsBytes(cleared));
        assertArrayEquals(asTheRecordWritesIt(cleared), spliced);
        var read = Json.MAPPER.readTree(spliced);
        assertEquals("cleared", read.get("change").asText());
        assertEquals(3, read.get("history").size());
        assertEquals(1002, read.get("parent").asLong());
    }
}
