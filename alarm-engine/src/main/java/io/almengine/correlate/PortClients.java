package io.almengine.correlate;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The known clients of one task's server ports: one store entry each (so a port of 100,000
 * clients is not one record), and, for the ports being judged, the same decoded in memory. A storm
 * evaluates its ports every second while their clients' reports pour in, each time over all of
 * their clients, and decoding tens of thousands of stored clients each time cost far more than the
 * rules. A port leaves memory when it is no longer judged, so a fleet at rest keeps nothing there.
 * Made anew when a task starts: one revived after an aborted transaction starts from its restored store.
 */
final class PortClients {

    private static final char SEP = '\u0000';

    private final KeyValueStore<String, KnownClient> store;
    private final Map<String, Map<String, KnownClient>> judging = new HashMap<>();
    /** When each port of {@link #judging} was last evaluated: the instant it was judged at. */
    private final Map<String, Instant> lastJudged = new HashMap<>();
    /** The same in wall-clock milliseconds: a test's engine clock may stand still for a while. */
    private final Map<String, Long> lastJudgedWallMs = new HashMap<>();

    PortClients(KeyValueStore<String, KnownClient> store) {
        this.store = store;
    }

    KnownClient get(String port, String connectionId) {
        Map<String, KnownClient> cached = judging.get(port);
        String key = key(port, connectionId);
        return cached != null ? cached.get(key) : store.get(key);
    }

    void put(String port, KnownClient client) {
        String key = key(port, client.link().connectionId());
        store.put(key, client);
        Map<String, KnownClient> cached = judging.get(port);
        if (cached != null) {
            cached.put(key, client);
        }
    }

    void delete(String port, String connectionId) {
        String key = key(port, connectionId);
        store.delete(key);
        Map<String, KnownClient> cached = judging.get(port);
        if (cached != null) {
            cached.remove(key);
        }
    }

    /** The port's clients, read from the store once while the port is being judged. */
    Collection<KnownClient> of(String port) {
        Map<String, KnownClient> cached = judging.get(port);
        if (cached == null) {
            cached = new LinkedHashMap<>();
            try (KeyValueIterator<String, KnownClient> it = store.prefixScan(port + SEP, new StringSerializer())) {
                while (it.hasNext()) {
                    var kv = it.next();
                    cached.put(kv.key, kv.value);
                }
            }
            judging.put(port, cached);
        }
        return cached.values();
    }

    /** A copy of {@link #of}, for going over them while changing them. */
    List<KnownClient> copyOf(String port) {
        return List.copyOf(of(port));
    }

    void judged(String port, Instant at, long wallMs) {
        lastJudged.put(port, at);
        lastJudgedWallMs.put(port, wallMs);
    }

    /** Whether the port was evaluated less than {@code gap} ago, on the engine's clock and on the wall's. */
    boolean judgedWithin(String port, Instant now, long wallMs, java.time.Duration gap) {
        Instant last = lastJudged.get(port);
        Long lastWallMs = lastJudgedWallMs.get(port);
        return last != null && now.isBefore(last.plus(gap)) && wallMs < lastWallMs + gap.toMillis();
    }

    /** The port is forgotten (its last client retired): nothing of it stays in memory. */
    void forget(String port) {
        judging.remove(port);
        lastJudged.remove(port);
        lastJudgedWallMs.remove(port);
    }

    /** Drops from memory the ports not evaluated since {@code before} that are {@code idle}. */
    void forgetIdle(Instant before, Predicate<String> idle) {
        judging.keySet().removeIf(port -> {
            Instant last = lastJudged.get(port);
            if ((last != null && last.isAfter(before)) || !idle.test(port)) {
                return false;
            }
            lastJudged.remove(port);
            lastJudgedWallMs.remove(port);
            return true;
        });
    }

    private static String key(String port, String connectionId) {
        return port + SEP + connectionId;
    }
}
