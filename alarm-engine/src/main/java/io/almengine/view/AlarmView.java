package io.almengine.view;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * All alarms of the fleet as {@code alm.alarms} holds them, kept current by a topic mirror, and
 * indexed so that the first page of a list of 100k alarms comes back without sorting them: every
 * alarm sits in one sorted set per sort key for its state and one for all states, and each set is
 * read forwards or backwards. Severity counts per state are kept as alarms come and go. Filters
 * other than state and severity look at every alarm of the state once, in a plain array.
 */
public final class AlarmView {

    /** One page of a query, how many alarms matched in all, and how many of those per severity. */
    public record Page(List<Alarm> items, int total, Map<Severity, Integer> counts) {
    }

    /**
     * An alarm with what the filters look at, computed once per change and kept flat in the entry,
     * so that a query that must look at every alarm touches one small object per alarm instead of
     * walking into each alarm's parameter map. Source, client address and the names' text are the
     * view's canonical instances, compared by identity. The names (the same for every alarm of a
     * type, and in Chinese) are searched once per query rather than once per alarm, which also keeps
     * each alarm's own text Latin-1 in the common case, where searching it is fastest.
     */
    record Entry(Alarm alarm, int severity, String names, String searchText, Trigrams trigrams, String source,
                 String clientIp, int alarmId, boolean acknowledged, long occurredSecond, int occurredNano,
                 boolean masked) {

        static Entry of(Alarm alarm, Map<String, String> canonical, Map<String, String> canonicalNames,
                        boolean masked) {
            var text = new StringBuilder(128);
            text.append(alarm.serialNo()).append('\n');
            alarm.params().values().forEach(v -> text.append(v).append('\n'));
            alarm.comments().forEach(c -> text.append(c.text()).append('\n'));
            String names = ("alm-" + alarm.alarmId() + "\n" + alarm.name() + "\n" + alarm.nameZh())
                    .toLowerCase(Locale.ROOT);
            String searchText = text.toString().toLowerCase(Locale.ROOT);
            return new Entry(alarm, alarm.severity().ordinal(), canonical(canonicalNames, names),
                    searchText, Trigrams.of(searchText), canonical(canonical, alarm.params().get("source")),
                    canonical(canonical, alarm.params().get("clientIp")), alarm.alarmId(), alarm.acknowledged(),
                    alarm.occurredAt().getEpochSecond(), alarm.occurredAt().getNano(), masked);
        }

        Entry remasked(boolean masked) {
            return new Entry(alarm, severity, names, searchText, trigrams, source, clientIp, alarmId, acknowledged,
                    occurredSecond, occurredNano, masked);
        }

        private static String canonical(Map<String, String> canonical, String value) {
            return value == null ? null : canonical.computeIfAbsent(value, v -> v);
        }

        /** Compared to an instant: negative before it, zero at it, positive after it. */
        int occurredComparedTo(Instant instant) {
            int bySecond = Long.compare(occurredSecond, instant.getEpochSecond());
            return bySecond != 0 ? bySecond : Integer.compare(occurredNano, instant.getNano());
        }
    }

    /**
     * The alarms of one state (or of all), in every order, with counts per severity, and once more
     * in a plain array (no order) for queries that must look at every alarm: walking an array is
     * several times faster than walking a tree.
     */
    private static final class Bucket {
        final EnumMap<AlarmSort.Key, TreeSet<Entry>> sorted = new EnumMap<>(AlarmSort.Key.class);
        final int[] perSeverity = new int[Severity.values().length];
        final ArrayList<Entry> flat = new ArrayList<>();
        final Map<Long, Integer> position = new HashMap<>();

        Bucket() {
            for (AlarmSort.Key key : AlarmSort.Key.values()) {
                sorted.put(key, new TreeSet<>(key.order));
            }
        }

        void add(Entry e) {
            sorted.values().forEach(s -> s.add(e));
            perSeverity[e.severity()]++;
            position.put(e.alarm().serialNo(), flat.size());
            flat.add(e);
        }

        void remove(Entry e) {
            sorted.values().forEach(s -> s.remove(e));
            perSeverity[e.severity()]--;
            int at = position.remove(e.alarm().serialNo());
            Entry last = flat.remove(flat.size() - 1);
            if (at < flat.size()) {
                flat.set(at, last);
                position.put(last.alarm().serialNo(), at);
            }
        }
    }

    private final Map<Long, Entry> alarms = new ConcurrentHashMap<>();
    /** Per root-cause alarm (its serial number), how many alarms of the view are its children. */
    private final Map<Long, Integer> children = new ConcurrentHashMap<>();
    /**
     * One instance of every source and client address seen, so filters compare them by identity. It
     * grows with the distinct values of the fleet (tens of bytes each), which is bounded in practice.
     */
    private final Map<String, String> canonical = new ConcurrentHashMap<>();
    /** The names texts of the alarm types seen: a handful. */
    private final Map<String, String> canonicalNames = new ConcurrentHashMap<>();
    /** The alarms a list shows by default, and apart from them the masked ones, each indexed alike. */
    private final Shelf shown = new Shelf();
    private final Shelf masked = new Shelf();
    private final Predicate<Alarm> isMasked;
    private final Predicate<Alarm> isSilenced;
    /**
     * Matches up to this many are kept and sorted; beyond it they are dense enough in any order that
     * walking the order to the page is cheaper than sorting them.
     */
    static final int COLLECT_AT_MOST = 4096;
    /** Stands for a filter value no alarm has; never equal (by identity) to any entry's value. */
    private static final String NOTHING = new String("");
    /** Changes are a few set operations; queries read many entries: readers share, a change waits briefly. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Consumer<Alarm>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Alarm>> removalListeners = new CopyOnWriteArrayList<>();

    /** The alarms of one shelf: all of them, and per state. */
    private static final class Shelf {
        final Bucket all = new Bucket();
        final EnumMap<AlarmState, Bucket> byState = new EnumMap<>(AlarmState.class);

        Shelf() {
            for (AlarmState state : AlarmState.values()) {
                byState.put(state, new Bucket());
            }
        }

        void add(Entry e) {
            all.add(e);
            byState.get(e.alarm().state()).add(e);
        }

        void remove(Entry e) {
            all.remove(e);
            byState.get(e.alarm().state()).remove(e);
        }
    }

    /** A view where nothing is masked or silenced. */
    public AlarmView() {
        this(a -> false, a -> false);
    }

    /**
     * @param isMasked   whether an alarm is masked (hidden from the default list and its counts);
     *                   asked when the alarm changes and again on {@link #remask}
     * @param isSilenced whether an alarm is silenced now; asked by queries that filter on it
     */
    public AlarmView(Predicate<Alarm> isMasked, Predicate<Alarm> isSilenced) {
        this.isMasked = isMasked;
        this.isSilenced = isSilenced;
    }

    /** Applies one record of {@code alm.alarms}; a null value (tombstone) forgets the alarm. */
    public void accept(String key, byte[] value) {
        long serial = Long.parseLong(key);
        if (value == null) {
            Entry removed = put(serial, null);
            if (removed != null) {
                removalListeners.forEach(l -> l.accept(removed.alarm()));
            }
            return;
        }
        Alarm alarm;
        try {
            alarm = Json.MAPPER.readValue(value, Alarm.class);
        } catch (IOException e) {
            throw new UncheckedIOException("alarm " + key + " cannot be read", e);
        }
        put(serial, Entry.of(alarm, canonical, canonicalNames, isMasked.test(alarm)));
        listeners.forEach(l -> l.accept(alarm));
    }

    /** Replaces (or, with null, removes) the alarm; returns what it was, or null. */
    private Entry put(long serial, Entry next) {
        lock.writeLock().lock();
        try {
            Entry previous = next == null ? alarms.remove(serial) : alarms.put(serial, next);
            if (previous != null) {
                (previous.masked() ? masked : shown).remove(previous);
                countChild(previous.alarm().parent(), -1);
            }
            if (next != null) {
                (next.masked() ? masked : shown).add(next);
                countChild(next.alarm().parent(), 1);
            }
            return previous;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Asks again whether each alarm of {@code alarmId} is masked (a mask was set or lifted), and
     * moves those whose answer changed between the shown and the masked alarms.
     */
    public void remask(int alarmId) {
        lock.writeLock().lock();
        try {
            for (Entry e : List.copyOf(alarms.values())) {
                if (e.alarmId() == alarmId) {
                    boolean now = isMasked.test(e.alarm());
                    if (now != e.masked()) {
                        Entry next = e.remasked(now);
                        alarms.put(e.alarm().serialNo(), next);
                        (e.masked() ? masked : shown).remove(e);
                        (now ? masked : shown).add(next);
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void countChild(Long parent, int delta) {
        if (parent != null) {
            children.compute(parent, (k, n) -> {
                int next = (n == null ? 0 : n) + delta;
                return next <= 0 ? null : next;
            });
        }
    }

    /** How many alarms of the view are children of the root-cause alarm {@code serialNo} (linked to it). */
    public int childrenOf(long serialNo) {
        return children.getOrDefault(serialNo, 0);
    }

    public Optional<Alarm> get(long serialNo) {
        Entry e = alarms.get(serialNo);
        return e == null ? Optional.empty() : Optional.of(e.alarm());
    }

    /**
     * With no filter besides state and severity: walks the asked order only as far as the page
     * reaches (the counters give the total). Otherwise: one pass over every alarm of the state counts
     * the matches and keeps them while they are few, and those few are sorted; when many match,
     * they are dense in the asked order, and walking it to the end of the page is short.
     */
    public Page query(AlarmQuery query) {
        AlarmFilter filter = query.filter();
        Severity severity = filter.severity();
        lock.readLock().lock();
        try {
            Shelf shelf = filter.masked() ? masked : shown;
            Bucket bucket = filter.state() == null ? shelf.all : shelf.byState.get(filter.state());
            if (filter.onlyStateAndSeverity()) {
                return page(firstInOrder(bucket, query, e -> true), bucket.perSeverity.clone(), severity);
            }
            // A source or address the view has never seen matches nothing; one it has is compared by identity.
            String source = filter.source() == null ? null : canonical.getOrDefault(filter.source(), NOTHING);
            String clientIp = filter.clientIp() == null ? null : canonical.getOrDefault(filter.clientIp(), NOTHING);
            String[] namesFound = filter.text() == null ? new String[0] : canonicalNames.values().stream()
                    .filter(v -> v.contains(filter.text())).toArray(String[]::new);
            Trigrams searched = filter.text() == null ? Trigrams.NONE : Trigrams.of(filter.text());
            Predicate<Entry> matches = e -> filter.matchesBesidesStateAndSeverity(e, source, clientIp, namesFound,
                    searched) && (filter.silenced() == null || isSilenced.test(e.alarm()) == filter.silenced());

            int[] counts = new int[Severity.values().length];
            var few = new ArrayList<Entry>();
            boolean many = false;
            int wanted = severity == null ? -1 : severity.ordinal();
            for (int i = 0, n = bucket.flat.size(); i < n; i++) {
                Entry e = bucket.flat.get(i);
                if (!matches.test(e)) {
                    continue;
                }
                counts[e.severity()]++;
                if (!many && (wanted < 0 || e.severity() == wanted)) {
                    if (few.size() < COLLECT_AT_MOST) {
                        few.add(e);
                    } else {
                        many = true;
                        few = null;
                    }
                }
            }
            if (many) {
                return page(firstInOrder(bucket, query, matches), counts, severity);
            }
            Comparator<Entry> order = query.sort().key().order;
            few.sort(query.sort().descending() ? order.reversed() : order);
            int from = Math.min(query.offset(), few.size());
            int to = Math.min(from + query.limit(), few.size());
            return page(few.subList(from, to).stream().map(Entry::alarm).toList(), counts, severity);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The page of {@code query} among the entries that satisfy {@code matches}, walking the asked order. */
    private static List<Alarm> firstInOrder(Bucket bucket, AlarmQuery query, Predicate<Entry> matches) {
        NavigableSet<Entry> ordered = bucket.sorted.get(query.sort().key());
        Iterator<Entry> it = query.sort().descending() ? ordered.descendingIterator() : ordered.iterator();
        Severity severity = query.filter().severity();
        int wanted = severity == null ? -1 : severity.ordinal();
        var items = new ArrayList<Alarm>(Math.min(query.limit(), 1024));
        int end = query.offset() + query.limit();
        int matched = 0;
        while (matched < end && it.hasNext()) {
            Entry e = it.next();
            if ((wanted < 0 || e.severity() == wanted) && matches.test(e)) {
                if (matched++ >= query.offset()) {
                    items.add(e.alarm());
                }
            }
        }
        return items;
    }

    /** The counts are of every alarm matching the filter but its severity, so a console can show them all. */
    private static Page page(List<Alarm> items, int[] counts, Severity severity) {
        var bySeverity = new EnumMap<Severity, Integer>(Severity.class);
        int total = 0;
        for (Severity s : Severity.values()) {
            bySeverity.put(s, counts[s.ordinal()]);
            if (severity == null || s == severity) {
                total += counts[s.ordinal()];
            }
        }
        return new Page(List.copyOf(items), total, bySeverity);
    }

    public int size() {
        return alarms.size();
    }

    /**
     * How many alarms are in {@code state} with {@code severity}: the kept counters, no scan. Masked
     * alarms are not counted, as the default list does not count them.
     */
    public int count(AlarmState state, Severity severity) {
        lock.readLock().lock();
        try {
            return shown.byState.get(state).perSeverity[severity.ordinal()];
        } finally {
            lock.readLock().unlock();
        }
    }

    public List<Alarm> all() {
        return alarms.values().stream().map(Entry::alarm).toList();
    }

    /** Called for every alarm change the view receives, on the mirror's thread, after the view has it. */
    public void onChange(Consumer<Alarm> listener) {
        listeners.add(listener);
    }

    /**
     * Called with the alarm as it was last known when {@code alm.alarms} drops it (a cleared alarm
     * past its retention is tombstoned), on the mirror's thread, after the view has forgotten it.
     * A tombstone for an alarm the view never had calls nothing: no one can be showing it.
     */
    public void onRemoval(Consumer<Alarm> listener) {
        removalListeners.add(listener);
    }

    /** Stops calling a listener given to {@link #onChange} or {@link #onRemoval}. */
    public void removeListener(Consumer<Alarm> listener) {
        listeners.remove(listener);
        removalListeners.remove(listener);
    }
}
