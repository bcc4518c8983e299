package io.almengine.notify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;

/**
 * A record of {@code alm.alarm-events} as the route stage reads it: which change it was at once,
 * the alarm only when asked. Most changes are not news (a notification's own history entry, a
 * comment, an acknowledgement): they are passed over without reading the alarm at all.
 *
 * @param change the record's {@code change} field; {@code null} when it has none
 * @param json   the whole record: the alarm's fields beside the change's
 */
record AlarmEvent(String change, byte[] json) {

    private static final String CHANGE = "change";

    /** The change named by the record's top-level {@code change} field (written first, so found at once). */
    static AlarmEvent read(byte[] json) throws IOException {
        try (JsonParser parser = Json.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an alarm change must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (CHANGE.equals(field)) {
                    return new AlarmEvent(value == JsonToken.VALUE_STRING ? parser.getText() : null, json);
                }
                parser.skipChildren();
            }
            return new AlarmEvent(null, json);
        }
    }

    /** The alarm as it is after the change (the change's own fields are not the alarm's, and are passed over). */
    Alarm alarm() throws IOException {
        return Json.MAPPER.readValue(json, Alarm.class);
    }
}
