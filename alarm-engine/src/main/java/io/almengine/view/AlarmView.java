package io.almengine.view;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** All alarms of the fleet as {@code alm.alarms} holds them, kept current by a topic mirror. */
public final class AlarmView {

    /** One page of a query and how many alarms matched in all. */
    public record Page(List<Alarm> items, int total) {
    }

    private final Map<Long, Alarm> alarms = new ConcurrentHashMap<>();
    private final List<Consumer<Alarm>> listeners = new CopyOnWriteArrayList<>();

    /** Applies one record of {@code alm.alarms}; a null value (tombstone) forgets the alarm. */
    public void accept(String key, byte[] value) {
        long serial = Long.parseLong(key);
        if (value == null) {
            alarms.remove(serial);
            return;
        }
        Alarm alarm;
        try {
            alarm = Json.MAPPER.readValue(value, Alarm.class);
        } catch (IOException e) {
            throw new UncheckedIOException("alarm " + key + " cannot be read", e);
        }
        alarms.put(serial, alarm);
        listeners.forEach(l -> l.accept(alarm));
    }

    public Optional<Alarm> get(long serialNo) {
        return Optional.ofNullable(alarms.get(serialNo));
    }

    public Page query(AlarmQuery query) {
        List<Alarm> matching = alarms.values().stream().filter(query.matcher()).sorted(AlarmQuery.NEWEST_FIRST)
                .toList();
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new Page(matching.subList(from, to), matching.size());
    }

    public int size() {
        return alarms.size();
    }

    public List<Alarm> all() {
        return List.copyOf(alarms.values());
    }

    /** Called for every alarm change the view receives, on the mirror's thread. */
    public void onChange(Consumer<Alarm> listener) {
        listeners.add(listener);
    }
}
