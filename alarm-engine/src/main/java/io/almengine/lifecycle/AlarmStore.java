package io.almengine.lifecycle;

import io.almengine.kafka.JsonSerde;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The partition's alarms by serial number, kept as the JSON that {@code alm.alarms} carries: a
 * change is written out once, for the store, the alarm topic and the change record alike (a storm
 * of raises spent a sixth of the lifecycle stage writing each alarm three times).
 */
final class AlarmStore {

    private static final JsonSerde<Alarm> JSON = new JsonSerde<>(Alarm.class, Json.MAPPER);

    private final KeyValueStore<Long, byte[]> store;
    private final Serializer<Alarm> writer = JSON.serializer();
    private final Deserializer<Alarm> reader = JSON.deserializer();

    AlarmStore(KeyValueStore<Long, byte[]> store) {
        this.store = store;
    }

    /** The alarm with this serial number; {@code null} when there is none. */
    Alarm get(Long serial) {
        return serial == null ? null : reader.deserialize(null, store.get(serial));
    }

    /** Stores the alarm; its JSON, to be sent on as it is. */
    byte[] put(Alarm alarm) {
        byte[] json = writer.serialize(null, alarm);
        store.put(alarm.serialNo(), json);
        return json;
    }

    void delete(long serial) {
        store.delete(serial);
    }
}
