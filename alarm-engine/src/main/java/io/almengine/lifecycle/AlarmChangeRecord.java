package io.almengine.lifecycle;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A record of {@code alm.alarm-events}: the alarm as it is after the change, plus which change it was. */
public record AlarmChangeRecord(String change, Instant changedAt, String changedBy, @JsonUnwrapped Alarm alarm) {

    /**
     * The record's JSON from the alarm's own ({@code alarmJson}, as {@link AlarmStore} wrote it):
     * the change's fields, then the alarm's, as {@link #of} would be written, without writing the
     * alarm a second time.
     */
    static byte[] json(Alarm alarm, byte[] alarmJson) {
        var last = alarm.history().get(alarm.history().size() - 1);
        byte[] head;
        try {
            head = Json.MAPPER.writeValueAsBytes(new Head(last.change(), last.at(), last.by()));
        } catch (IOException e) {
            throw new UncheckedIOException("the change of alarm " + alarm.serialNo() + " cannot be written", e);
        }
        if (alarmJson.length < 2 || alarmJson[0] != '{' || head[head.length - 1] != '}') {
            throw new IllegalArgumentException("alarm " + alarm.serialNo() + " is not written as a JSON object");
        }
        // {"change":…,"changedBy":…} + {"serialNo":…} → {"change":…,"changedBy":…,"serialNo":…}
        byte[] out = new byte[head.length + alarmJson.length - 1];
        System.arraycopy(head, 0, out, 0, head.length - 1);
        out[head.length - 1] = ',';
        System.arraycopy(alarmJson, 1, out, head.length, alarmJson.length - 1);
        return out;
    }

    private record Head(String change, Instant changedAt, String changedBy) {
    }

    static AlarmChangeRecord of(Alarm alarm) {
        var last = alarm.history().get(alarm.history().size() - 1);
        return new AlarmChangeRecord(last.change(), last.at(), last.by(), alarm);
    }
}
