package io.almengine.lifecycle;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.almengine.model.Alarm;
import java.time.Instant;

/** A record of {@code alm.alarm-events}: the alarm as it is after the change, plus which change it was. */
public record AlarmChangeRecord(String change, Instant changedAt, String changedBy, @JsonUnwrapped Alarm alarm) {

    static AlarmChangeRecord of(Alarm alarm) {
        var last = alarm.history().get(alarm.history().size() - 1);
        return new AlarmChangeRecord(last.change(), last.at(), last.by(), alarm);
    }
}
