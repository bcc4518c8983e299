package io.almengine.detect;

import io.almengine.model.Json;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.HeartbeatHistory;
import io.almengine.rules.TransitionHistory;
import io.almengine.rules.Watch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The connection store's values in a compact binary form. Every event reads and writes one state,
 * and as JSON that was the largest cost of detection (ISO instants and maps through data binding)
 * and the largest part of the changelog that a restore reads back.
 *
 * <p>Format, version 1 (all integers are unsigned LEB128 varints, signed ones zigzag-encoded):
 * <pre>
 *   0x01                                   version
 *   string connectionId, string component  string = length, UTF-8 bytes
 *   flags                                  bit 0 up, bit 1 since present, bit 2 lastSeen present
 *   [instant since] [instant lastSeen]     instant = zigzag epoch second, nanosecond
 *   count, count x (key, string value)     params; key = 1 + index in KNOWN_KEYS, or 0 and a string
 *   count, count x (alarmId, flags, [instant deadline])   watches; flags bit 0 met, bit 1 armed
 *   presence byte, [string beats]          heartbeat history as JSON (heartbeat alarm types)
 *   string reporter                        empty when none; absent in states written before it
 *   1 + count, count x signed nanos        recent transitions (flap detection), oldest first, each
 *                                          as its difference from the one before (the first: from
 *                                          since); 0 when the state keeps none; absent in states
 *                                          written before them (read as none)
 * </pre>
 * A value that starts with '{' is a state written as JSON by an earlier version, and is still read.
 *
 * <p><b>Adding a field to {@link ConnectionState}</b>: write it after the watches and read it only
 * while bytes remain (states written before it have none, and get the field's default); keep the
 * version byte. {@code ConnectionStateSerdeTest} fills every record component with a value and
 * fails until the new field survives the round trip.
 */
public final class ConnectionStateSerde implements Serde<ConnectionState> {

    private static final byte VERSION = 1;
    private static final List<String> KNOWN_KEYS = List.of("source", "component", "clientIp", "clientName",
            "sinkName", "serverHost", "serverPort");

    @Override
    public Serializer<ConnectionState> serializer() {
        return (topic, state) -> state == null ? null : write(state);
    }

    @Override
    public Deserializer<ConnectionState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == '{') {
                try {
                    return Json.MAPPER.readValue(bytes, ConnectionState.class);
                } catch (IOException e) {
                    throw new SerializationException("cannot read a JSON connection state from " + topic, e);
                }
            }
            try {
                return new Reader(bytes).state();
            } catch (RuntimeException e) {
                throw new SerializationException("cannot read a connection state from " + topic, e);
            }
        };
    }

    static byte[] write(ConnectionState state) {
        var out = new Writer();
        out.put(VERSION);
        out.string(state.connectionId());
        out.string(state.component());
        out.put((byte) ((state.up() ? 1 : 0) | (state.since() != null ? 2 : 0) | (state.lastSeen() != null ? 4 : 0)));
        if (state.since() != null) {
            out.instant(state.since());
        }
        if (state.lastSeen() != null) {
            out.instant(state.lastSeen());
        }
        out.varint(state.params().size());
        for (var entry : state.params().entrySet()) {
            int known = KNOWN_KEYS.indexOf(entry.getKey());
            out.varint(known + 1);
            if (known < 0) {
                out.string(entry.getKey());
            }
            out.string(entry.getValue());
        }
        out.varint(state.watches().size());
        for (Watch watch : state.watches().values()) {
            out.varint(watch.alarmId());
            out.put((byte) ((watch.met() ? 1 : 0) | (watch.deadline() != null ? 2 : 0)
                    | (watch.silence() != null ? 4 : 0)));
            if (watch.deadline() != null) {
                out.instant(watch.deadline());
            }
            if (watch.silence() != null) {
                // Silence settings and heartbeat history belong to the heartbeat detectors, whose
                // shapes may grow: JSON keeps them out of this format's versioning.
                out.string(json(watch.silence(), state));
            }
        }
        // Heartbeat history (heartbeat alarm types only): rare next to port states, and its shape is
        // the detectors' to change, so it travels as JSON behind a presence byte.
        out.put((byte) (state.beats() != null ? 1 : 0));
        if (state.beats() != null) {
            out.string(json(state.beats(), state));
        }
        out.string(state.reporter());
        // Recent transitions (components with flap detection): count, then each as nanoseconds after the
        // one before, the first as its difference from since (zigzag: it is before it). Small numbers.
        TransitionHistory changes = state.changes();
        out.varint(changes == null ? 0 : changes.count() + 1L);
        if (changes != null) {
            Instant previous = state.since() != null ? state.since() : Instant.EPOCH;
            for (Instant t : changes.times()) {
                out.signed(nanosBetween(previous, t));
                previous = t;
            }
        }
        return out.bytes();
    }

    private static long nanosBetween(Instant from, Instant to) {
        return Math.addExact(Math.multiplyExact(to.getEpochSecond() - from.getEpochSecond(), 1_000_000_000L),
                (long) to.getNano() - from.getNano());
    }

    private static String json(Object value, ConnectionState state) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new SerializationException("cannot write the state of " + state.connectionId(), e);
        }
    }

    private static final class Writer {
        private byte[] buf = new byte[192];
        private int pos;

        void put(byte b) {
            if (pos == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[pos++] = b;
        }

        void varint(long value) {
            while ((value & ~0x7FL) != 0) {
                put((byte) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            put((byte) value);
        }

        void signed(long value) {
            varint((value << 1) ^ (value >> 63));
        }

        void instant(Instant instant) {
            long seconds = instant.getEpochSecond();
            varint((seconds << 1) ^ (seconds >> 63));
            varint(instant.getNano());
        }

        void string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length);
            if (pos + utf8.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + utf8.length));
            }
            System.arraycopy(utf8, 0, buf, pos, utf8.length);
            pos += utf8.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        ConnectionState state() {
            if (buf[pos++] != VERSION) {
                throw new IllegalArgumentException("unknown connection state format " + buf[0]);
            }
            String connectionId = string();
            String component = string();
            int flags = buf[pos++];
            Instant since = (flags & 2) != 0 ? instant() : null;
            Instant lastSeen = (flags & 4) != 0 ? instant() : null;
            // Immutable maps built once: the state's constructor keeps them as they are instead of copying.
            @SuppressWarnings("unchecked")
            Map.Entry<String, String>[] params = new Map.Entry[(int) varint()];
            for (int i = 0; i < params.length; i++) {
                int key = (int) varint();
                String name = key == 0 ? string() : KNOWN_KEYS.get(key - 1);
                params[i] = Map.entry(name, string());
            }
            @SuppressWarnings("unchecked")
            Map.Entry<Integer, Watch>[] watches = new Map.Entry[(int) varint()];
            for (int i = 0; i < watches.length; i++) {
                int alarmId = (int) varint();
                int watchFlags = buf[pos++];
                Instant deadline = (watchFlags & 2) != 0 ? instant() : null;
                Watch.Silence silence = (watchFlags & 4) != 0 ? fromJson(string(), Watch.Silence.class) : null;
                watches[i] = Map.entry(alarmId, new Watch(alarmId, deadline, (watchFlags & 1) != 0, silence));
            }
            HeartbeatHistory beats = null;
            if (pos < buf.length && buf[pos++] == 1) {
                beats = fromJson(string(), HeartbeatHistory.class);
            }
            String reporter = pos < buf.length ? string() : "";
            TransitionHistory changes = null;
            long kept = pos < buf.length ? varint() : 0;
            if (kept > 0) {
                Instant[] times = new Instant[(int) (kept - 1)];
                Instant previous = since != null ? since : Instant.EPOCH;
                for (int i = 0; i < times.length; i++) {
                    long zigzag = varint();
                    previous = previous.plusNanos((zigzag >>> 1) ^ -(zigzag & 1));
                    times[i] = previous;
                }
                changes = new TransitionHistory(List.of(times));
            }
            return new ConnectionState(connectionId, component, (flags & 1) != 0, since, lastSeen,
                    Map.ofEntries(params), Map.ofEntries(watches), beats, reporter, changes);
        }

        private static <T> T fromJson(String json, Class<T> type) {
            try {
                return Json.MAPPER.readValue(json, type);
            } catch (IOException e) {
                throw new IllegalStateException(type.getSimpleName() + " unreadable", e);
            }
        }

        long varint() {
            long value = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
                shift += 7;
            }
        }

        Instant instant() {
            long zigzag = varint();
            long seconds = (zigzag >>> 1) ^ -(zigzag & 1);
            return Instant.ofEpochSecond(seconds, varint());
        }

        String string() {
            int length = (int) varint();
            String value = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return value;
        }
    }
}
