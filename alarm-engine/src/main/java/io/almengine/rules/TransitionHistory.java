package io.almengine.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A link's recent up/down transitions, oldest first, for flap detection; kept only for components
 * one of whose definitions declares the setting {@code flapSlot}. The states alternate, so the
 * times are enough: the state after the newest is the link's state, the one before the oldest its
 * opposite, and that state is assumed for all time before it.
 *
 * <p>Bounded: detection drops transitions older than {@link #SLOTS} + 1 slots before the newest
 * (they no longer change the measure) and keeps at most {@link #MAX} (a link that changed more
 * often than that in 21 slots is flapping whatever the oldest of them say). It changes only when
 * the link goes up or down, never on a heartbeat.
 *
 * <p>The measure is Nagios' weighted state change: time is cut into slots of {@code flapSlot}
 * (aligned to the epoch, so every link and every restart cut the same way); a slot counts as down
 * when the link was down at any moment in it, so an outage shorter than a slot is not missed. At
 * an instant, the 21 slots ending with the one that holds it (up to that instant) give 20 pairs of
 * neighbours; a change between the x-th pair, oldest first, weighs 0.75 + (x - 1) * 0.5 / 19, and
 * the percent is the weighted changes * 100 / 20. Computed in whole units of 1/1520 of the maximum
 * (a change weighs 55 + 2x of them) so that a threshold is met or not exactly, never by rounding.
 */
public record TransitionHistory(List<Instant> times) {

    /** Nagios' 21 states: 20 changes between them. */
    public static final int SLOTS = 21;
    /** The transitions kept at most. */
    public static final int MAX = 64;
    /** All 20 pairs changed: 100 %, in units. */
    public static final int FULL_UNITS = 1520;

    public TransitionHistory {
        times = List.copyOf(times);
    }

    /** Detection's: this history with a transition at {@code at} (newer than every one kept), pruned to {@code keep}. */
    public static TransitionHistory after(TransitionHistory history, Instant at, Duration keep) {
        List<Instant> old = history == null ? List.of() : history.times;
        Instant horizon = at.minus(keep);
        var next = new ArrayList<Instant>(Math.min(MAX, old.size() + 1));
        int from = Math.max(0, old.size() + 1 - MAX);
        for (int i = from; i < old.size(); i++) {
            if (!old.get(i).isBefore(horizon)) {
                next.add(old.get(i));
            }
        }
        next.add(at);
        return new TransitionHistory(next);
    }

    /** How long detection keeps transitions for a slot length: the 21 slots and one more. */
    public static Duration keptFor(Duration slot) {
        return slot.multipliedBy(SLOTS + 1);
    }

    public int count() {
        return times.size();
    }

    /** The newest transition, or {@code null} when none is kept. */
    public Instant newest() {
        return times.isEmpty() ? null : times.get(times.size() - 1);
    }

    /**
     * The measure at {@code at}, in units of 1/1520 of 100 % (see the class), for a link that is
     * {@code upNow} after its newest transition; transitions after {@code at} are not counted.
     */
    public int unitsAt(Instant at, Duration slot, boolean upNow) {
        long slotNanos = slot.toNanos();
        if (slotNanos <= 0) {
            throw new IllegalArgumentException("flapSlot must be positive: " + slot);
        }
        long last = Math.floorDiv(nanos(at), slotNanos);
        long first = last - (SLOTS - 1);
        // The state before the oldest transition kept: the opposite of the state after it.
        int n = times.size();
        boolean up = (n % 2 == 0) == upNow;
        int i = 0;
        long atNanos = nanos(at);
        int units = 0;
        boolean previousDown = false;
        for (long s = first; s <= last; s++) {
            long start = s * slotNanos;
            long end = start + slotNanos;
            // The state at the slot's first instant: every transition up to it, included.
            while (i < n && nanos(times.get(i)) <= start) {
                up = !up;
                i++;
            }
            boolean down = !up;
            // Then the transitions inside it, up to `at`.
            while (i < n && nanos(times.get(i)) < end && nanos(times.get(i)) <= atNanos) {
                up = !up;
                down |= !up;
                i++;
            }
            int x = (int) (s - first);
            if (x > 0 && down != previousDown) {
                units += 55 + 2 * x;
            }
            previousDown = down;
        }
        return units;
    }

    /**
     * The most units {@code transitions} can give: each change between neighbouring slots needs a
     * transition of its own (a change to down one inside the slot, a change to up one inside the slot
     * before), so at most that many changes, at the newest weights.
     */
    public static int mostUnits(int transitions) {
        int units = 0;
        for (int x = SLOTS - 1; x > Math.max(0, SLOTS - 1 - transitions); x--) {
            units += 55 + 2 * x;
        }
        return units;
    }

    /** Units as a percent: exact for the percents a threshold is likely to name. */
    public static double percent(int units) {
        return units * 100.0 / FULL_UNITS;
    }

    /** Whether {@code units} are at least {@code percent} (compared without rounding). */
    public static boolean atLeast(int units, double percent) {
        return units * 100.0 >= percent * FULL_UNITS;
    }

    /**
     * The first instant from {@code from} on at which {@code reached} holds for the measure and the
     * link's state then, with the transitions as they are known and nothing more happening;
     * {@code null} when it never does. Both only change at a transition or a slot boundary, and the
     * measure is 0 once 21 slots have passed without a transition, so only those instants are
     * looked at.
     */
    public Instant firstFrom(Instant from, Duration slot, boolean upNow, Reached reached) {
        long slotNanos = slot.toNanos();
        int n = times.size();
        // The boundaries after the newest transition that can still change the measure.
        Instant newest = newest();
        Instant quiet = newest == null ? from : boundaryAfter(newest, slotNanos).plus(slot.multipliedBy(SLOTS));
        Instant t = from;
        int next = 0;
        while (next < n && !times.get(next).isAfter(t)) {
            next++;
        }
        for (int guard = 0; guard < 4 * (SLOTS + 2) * (n + 1); guard++) {
            if (reached.test(unitsAt(t, slot, upNow), upAt(t, upNow))) {
                return t;
            }
            if (!t.isBefore(quiet)) {
                return null; // 0 from here on, and it did not do
            }
            if (next == 0 && n > 0) {
                // Before the oldest transition the state is one and the same: 0 until it comes.
                t = times.get(0);
                next = 1;
                continue;
            }
            Instant boundary = boundaryAfter(t, slotNanos);
            Instant transition = next < n ? times.get(next) : null;
            if (transition != null && !transition.isAfter(boundary)) {
                t = transition;
                next++;
            } else {
                t = boundary;
            }
        }
        return null;
    }

    /** What {@link #firstFrom} looks for: a measure (in units), given whether the link is up then. */
    @FunctionalInterface
    public interface Reached {
        boolean test(int units, boolean up);
    }

    /** Whether the link is up at {@code at} (after every transition up to it, included). */
    public boolean upAt(Instant at, boolean upNow) {
        int n = times.size();
        boolean up = (n % 2 == 0) == upNow;
        for (int i = 0; i < n && !times.get(i).isAfter(at); i++) {
            up = !up;
        }
        return up;
    }

    private static Instant boundaryAfter(Instant t, long slotNanos) {
        long s = Math.floorDiv(nanos(t), slotNanos) + 1;
        return instantOf(s * slotNanos);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instantOf(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
