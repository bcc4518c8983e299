package io.almengine.detect;

import io.almengine.model.Watermark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far each reporter's events are known to one detect task, and so up to which event time a
 * link's deadlines may be judged ({@link #knownUpTo}). A reporter's watermark is read on every
 * partition after the events it sent there before it, so once it passes a link's deadline, nothing
 * the reporter sent earlier (a reconnect inside the window) can still be on its way.
 *
 * <p>A link whose reporter is silent (no watermark for the allowed lateness) or that has none is
 * judged on the engine's clock less the allowed lateness instead: a reporter that died
 * with its server must not hold that server's outages back for ever. While a reporter is heard,
 * only its watermark counts, however far behind the clock it is (a queue draining after an outage
 * of the path to the engine, or a reporter clock behind the engine's).
 *
 * <p>Kept in a state store, so a restart still knows how far each reporter got, and in memory,
 * since every deadline asks. A reporter silent for an hour is forgotten (for the links it reports
 * that changes nothing: they are judged as those of a silent reporter), and at most
 * {@value #MAX_REPORTERS} are kept: past that, the one heard least recently goes first, so
 * producers naming ever new reporters cannot grow the store without bound.
 */
final class ReporterWatermarks {

    static final int MAX_REPORTERS = 10_000;
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final KeyValueStore<String, ReporterMark> store;
    private final Duration lateness;
    private final Map<String, ReporterMark> marks = new HashMap<>();

    ReporterWatermarks(KeyValueStore<String, ReporterMark> store, Duration lateness) {
        this.store = store;
        this.lateness = lateness;
        try (KeyValueIterator<String, ReporterMark> it = store.all()) {
            it.forEachRemaining(entry -> marks.put(entry.key, entry.value));
        }
    }

    /** Takes a watermark read at {@code now}; whether it moved the reporter's event time forward. */
    boolean accept(Watermark watermark, Instant now) {
        ReporterMark before = marks.get(watermark.reporter());
        if (before == null && marks.size() >= MAX_REPORTERS) {
            forget(leastRecentlyHeard());
        }
        ReporterMark after = before == null ? new ReporterMark(watermark.time(), now)
                : before.after(watermark.time(), now);
        marks.put(watermark.reporter(), after);
        store.put(watermark.reporter(), after);
        return before == null || after.time().isAfter(before.time());
    }

    /**
     * The event time up to which the events of a link reported by {@code reporter} (empty: none)
     * are all known at engine time {@code now}: the reporter's watermark while it is heard, else the
     * engine's clock less the allowed lateness.
     */
    Instant knownUpTo(String reporter, Instant now) {
        ReporterMark mark = reporter.isEmpty() ? null : marks.get(reporter);
        return mark != null && mark.heardAt(now, lateness) ? mark.time() : now.minus(lateness);
    }

    /** The furthest {@link #knownUpTo} of any link at {@code now}: no deadline after it can be due. */
    Instant furthest(Instant now) {
        Instant furthest = now.minus(lateness);
        for (ReporterMark mark : marks.values()) {
            if (mark.heardAt(now, lateness) && mark.time().isAfter(furthest)) {
                furthest = mark.time();
            }
        }
        return furthest;
    }

    /** Forgets reporters not heard for {@link #FORGET_AFTER} (and longer than the allowed lateness). */
    void forgetSilent(Instant now) {
        Duration after = FORGET_AFTER.compareTo(lateness) > 0 ? FORGET_AFTER : lateness;
        var silent = new ArrayList<String>();
        marks.forEach((reporter, mark) -> {
            if (!mark.heardAt(now, after)) {
                silent.add(reporter);
            }
        });
        silent.forEach(this::forget);
    }

    int size() {
        return marks.size();
    }

    private String leastRecentlyHeard() {
        String oldest = null;
        Instant at = null;
        for (var entry : marks.entrySet()) {
            if (at == null || entry.getValue().arrivedAt().isBefore(at)) {
                oldest = entry.getKey();
                at = entry.getValue().arrivedAt();
            }
        }
        return oldest;
    }

    private void forget(String reporter) {
        marks.remove(reporter);
        store.delete(reporter);
    }
}
