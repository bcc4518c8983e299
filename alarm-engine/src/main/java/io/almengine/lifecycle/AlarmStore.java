package io.almengine.lifecycle;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The partition's alarms by serial number, kept as the JSON that {@code alm.alarms} carries: a
 * change is written out once, for the store, the alarm topic and the change record alike (a storm
 * of raises spent a sixth of the lifecycle stage writing each alarm three times).
 */
final class AlarmStore {

    private final KeyValueStore<Long, byte[]> store;

    AlarmStore(KeyValueStore<Long, byte[]> store) {
        this.store = store;
    }

    /** The alarm with this serial number; {@code null} when there is none. */
    Alarm get(Long serial) {
        byte[] json = serial == null ? null : store.get(serial);
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, Alarm.class);
        } catch (IOException e) {
            throw new UncheckedIOException("alarm " + serial + " in the store cannot be read", e);
        }
    }

    /** Stores the alarm; its JSON, to be sent on as it is. */
    byte[] put(Alarm alarm) {
        byte[] json;
        try {
            json = Json.MAPPER.writeValueAsBytes(alarm);
        } catch (IOException e) {
            throw new UncheckedIOException("alarm " + alarm.serialNo() + " cannot be written", e);
        }
        store.put(alarm.serialNo(), json);
        return json;
    }

    void delete(long serial) {
        store.delete(serial);
    }
}
