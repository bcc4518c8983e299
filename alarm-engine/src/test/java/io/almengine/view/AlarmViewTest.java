package io.almengine.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.ClearType;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The view's indexed queries against the obvious answer (filter everything, sort it, cut a page)
 * on a few thousand random alarms, for every order and a range of filters.
 */
class AlarmViewTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final List<String> SOURCES = List.of("hacluster", "east", "west");

    private final AlarmView view = new AlarmView();
    private final List<Alarm> alarms = new ArrayList<>();

    /** An alarm with its own serial number; the details vary with {@code random}. */
    private static Alarm alarm(long serial, Random random) {
        Severity severity = Severity.values()[random.nextInt(Severity.values().length)];
        int alarmId = 24000 + random.nextInt(4);
        // Few distinct instants, so ties are common and the tie-breakers are exercised.
        Instant at = T0.plus(Duration.ofMinutes(random.nextInt(50)));
        var params = Map.of("source", SOURCES.get(random.nextInt(SOURCES.size())),
                "clientIp", "10.0.0." + random.nextInt(20), "clientName", "agent-" + serial);
        Alarm a = Alarm.raise(serial, alarmId, "Flume Client connection interrupted", "Flume Client连接中断", severity,
                at, params, "conn-" + serial, null);
        if (random.nextInt(3) == 0) {
            a = a.acknowledge(at.plusSeconds(5), "ops");
        }
        if (random.nextInt(4) == 0) {
            a = a.comment(at.plusSeconds(9), "ops", "Paged the NETWORK team about rack " + random.nextInt(9));
        }
        if (random.nextInt(3) == 0) {
            a = a.cleared(at.plusSeconds(60), ClearType.AUTO, Alarm.ENGINE, null);
        }
        return a;
    }

    private void put(Alarm a) {
        try {
            view.accept(Long.toString(a.serialNo()), Json.MAPPER.writeValueAsBytes(a));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        alarms.removeIf(x -> x.serialNo() == a.serialNo());
        alarms.add(a);
    }

    private void fleet(int size, long seed) {
        var random = new Random(seed);
        for (int i = 1; i <= size; i++) {
            put(alarm(i * 1000L + random.nextInt(6), random));
        }
    }

    private static AlarmQuery query(AlarmFilter filter, AlarmSort sort, int limit, int offset) {
        return new AlarmQuery(filter, sort, limit, offset);
    }

    private static AlarmFilter filter(AlarmState state) {
        return new AlarmFilter(state, null, null, null, null, null, null, null, null);
    }

    /** The obvious answer: every alarm matching {@code which}, sorted by brute force. */
    private List<Long> expected(Predicate<Alarm> which, AlarmSort sort, int limit, int offset) {
        Comparator<Alarm> order = switch (sort.key()) {
            case OCCURRED_AT -> Comparator.comparing(Alarm::occurredAt);
            case SEVERITY -> Comparator.comparingInt((Alarm a) -> -a.severity().ordinal())
                    .thenComparing(Alarm::occurredAt);
            case ALARM_ID -> Comparator.comparingInt(Alarm::alarmId).thenComparing(Alarm::occurredAt);
        };
        order = order.thenComparingLong(Alarm::serialNo);
        if (sort.descending()) {
            order = order.reversed();
        }
        return alarms.stream().filter(which).sorted(order).skip(offset).limit(limit).map(Alarm::serialNo).toList();
    }

    private static List<Long> serials(AlarmView.Page page) {
        return page.items().stream().map(Alarm::serialNo).toList();
    }

    @Test
    void everyOrderPagesExactlyLikeAFullSort() {
        fleet(3000, 1);
        for (AlarmSort.Key key : AlarmSort.Key.values()) {
            for (boolean descending : new boolean[] {true, false}) {
                var sort = new AlarmSort(key, descending);
                for (AlarmState state : new AlarmState[] {AlarmState.ACTIVE, AlarmState.CLEARED, null}) {
                    Predicate<Alarm> inState = a -> state == null || a.state() == state;
                    for (int offset : new int[] {0, 50, 1990}) {
                        AlarmView.Page page = view.query(query(filter(state), sort, 50, offset));
                        assertEquals(expected(inState, sort, 50, offset), serials(page), sort + " " + state + " @" + offset);
                        assertEquals(alarms.stream().filter(inState).count(), page.total());
                    }
                }
            }
        }
    }

    @Test
    void filtersCombineAndTotalsCountEveryMatch() {
        fleet(2000, 2);
        var sort = AlarmSort.NEWEST_FIRST;
        Instant from = T0.plus(Duration.ofMinutes(10));
        Instant to = T0.plus(Duration.ofMinutes(30));
        List<AlarmFilter> filters = List.of(
                new AlarmFilter(AlarmState.ACTIVE, 24001, null, null, null, null, null, null, null),
                new AlarmFilter(AlarmState.ACTIVE, null, Severity.MAJOR, "east", null, null, null, null, null),
                new AlarmFilter(null, null, null, null, "10.0.0.7", true, null, null, null),
                new AlarmFilter(AlarmState.ACTIVE, null, null, null, null, false, from, to, null),
                new AlarmFilter(null, null, Severity.CRITICAL, null, null, null, null, null, "network TEAM"),
                new AlarmFilter(AlarmState.CLEARED, null, null, null, null, null, null, null, "连接中断"));
        for (AlarmFilter f : filters) {
            Predicate<Alarm> matches = a -> (f.state() == null || a.state() == f.state())
                    && (f.alarmId() == null || a.alarmId() == f.alarmId())
                    && (f.severity() == null || a.severity() == f.severity())
                    && (f.source() == null || f.source().equals(a.params().get("source")))
                    && (f.clientIp() == null || f.clientIp().equals(a.params().get("clientIp")))
                    && (f.acknowledged() == null || a.acknowledged() == f.acknowledged())
                    && (f.from() == null || !a.occurredAt().isBefore(f.from()))
                    && (f.to() == null || a.occurredAt().isBefore(f.to()))
                    && (f.text() == null || (a.name() + a.nameZh() + a.params().values()
                            + a.comments().stream().map(Alarm.Comment::text).toList()).toLowerCase().contains(f.text()));
            AlarmView.Page page = view.query(query(f, sort, 20, 3));
            assertEquals(expected(matches, sort, 20, 3), serials(page), f.toString());
            assertEquals(alarms.stream().filter(matches).count(), page.total(), f.toString());
            assertTrue(page.total() > 0, "the case tests something: " + f);
        }
    }

    @Test
    void aFilterMatchingThousandsPagesExactlyLikeAFullSortToo() {
        fleet(3 * AlarmView.COLLECT_AT_MOST, 6);
        var f = new AlarmFilter(null, null, null, null, null, false, null, null, "AGENT");
        Predicate<Alarm> matches = a -> !a.acknowledged();
        assertTrue(alarms.stream().filter(matches).count() > AlarmView.COLLECT_AT_MOST, "more than are sorted");
        for (AlarmSort.Key key : AlarmSort.Key.values()) {
            for (boolean descending : new boolean[] {true, false}) {
                var sort = new AlarmSort(key, descending);
                for (int offset : new int[] {0, 777}) {
                    AlarmView.Page page = view.query(query(f, sort, 40, offset));
                    assertEquals(expected(matches, sort, 40, offset), serials(page), sort + " @" + offset);
                    assertEquals(alarms.stream().filter(matches).count(), page.total());
                }
            }
        }
        var critical = f.withSeverity(Severity.CRITICAL);
        Predicate<Alarm> criticalMatches = matches.and(a -> a.severity() == Severity.CRITICAL);
        AlarmView.Page page = view.query(query(critical, AlarmSort.NEWEST_FIRST, 40, 5));
        assertEquals(expected(criticalMatches, AlarmSort.NEWEST_FIRST, 40, 5), serials(page));
        assertEquals(alarms.stream().filter(criticalMatches).count(), page.total());
    }

    @Test
    void countsPerSeverityIgnoreTheSeverityFilterSoEveryCountStaysVisible() {
        fleet(1000, 3);
        for (Severity shown : new Severity[] {null, Severity.MINOR}) {
            for (String text : new String[] {null, "agent"}) {
                var f = new AlarmFilter(AlarmState.ACTIVE, null, shown, null, null, null, null, null, text);
                AlarmView.Page page = view.query(query(f, AlarmSort.NEWEST_FIRST, 10, 0));
                for (Severity s : Severity.values()) {
                    long active = alarms.stream().filter(a -> a.active() && a.severity() == s).count();
                    assertEquals(active, page.counts().get(s).longValue(), s + " with filter " + f);
                }
            }
        }
    }

    @Test
    void aChangedAlarmMovesBetweenStatesAndATombstoneForgetsIt() {
        var random = new Random(4);
        Alarm a = alarm(7001, random);
        a = new Alarm(a.serialNo(), a.alarmId(), a.name(), a.nameZh(), Severity.CRITICAL, AlarmState.ACTIVE,
                a.occurredAt(), null, null, false, 1, a.params(), a.connectionId(), a.history(), List.of(), List.of(), null);
        put(a);
        var active = filter(AlarmState.ACTIVE);
        var cleared = filter(AlarmState.CLEARED);
        assertEquals(List.of(7001L), serials(view.query(query(active, AlarmSort.NEWEST_FIRST, 10, 0))));
        assertEquals(1, view.query(query(active, AlarmSort.NEWEST_FIRST, 10, 0)).counts().get(Severity.CRITICAL));

        put(a.acknowledge(T0, "ops").cleared(T0.plusSeconds(1), ClearType.MANUAL, "ops", "done"));
        assertEquals(0, view.query(query(active, AlarmSort.NEWEST_FIRST, 10, 0)).total());
        assertEquals(0, view.query(query(active, AlarmSort.NEWEST_FIRST, 10, 0)).counts().get(Severity.CRITICAL));
        assertEquals(List.of(7001L), serials(view.query(query(cleared, AlarmSort.NEWEST_FIRST, 10, 0))));
        assertEquals(1, view.query(query(filter(null), AlarmSort.NEWEST_FIRST, 10, 0)).total(), "never twice");

        view.accept("7001", null);
        assertEquals(0, view.query(query(filter(null), AlarmSort.NEWEST_FIRST, 10, 0)).total());
        assertTrue(view.get(7001).isEmpty());
    }

    @Test
    void severityDescendingPutsCriticalFirst() {
        fleet(200, 5);
        AlarmView.Page page = view.query(query(filter(null), new AlarmSort(AlarmSort.Key.SEVERITY, true), 1000, 0));
        List<Severity> order = page.items().stream().map(Alarm::severity).toList();
        assertEquals(Severity.CRITICAL, order.get(0));
        assertEquals(Severity.WARNING, order.get(order.size() - 1));
    }
}
