package io.almengine.rules;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.Heartbeats;
import io.almengine.definition.AlarmDefinition.Intervals;
import io.almengine.model.ConnectionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.kie.api.definition.type.ClassReactive;

/**
 * Everything detection keeps per connection: whether the link is up, since when (the event time
 * of the last transition), the newest event time seen, the alarm parameters from the latest event,
 * one {@link Watch} per alarm type that is not idle, for components whose definitions ask for it
 * the {@link HeartbeatHistory} ({@code null} otherwise), for components one of whose definitions
 * declares {@code flapSlot} its recent transitions ({@link TransitionHistory}, {@code null} until
 * the first one and otherwise), and the reporter whose watermarks vouch
 * for the link's latest event (empty: none does; the engine's clock less the allowed lateness
 * stands in for one).
 *
 * <p>Class reactive: a fact lives for one evaluation and is never modified in the session, so
 * there is nothing to react to property by property (and Drools need not guess which properties a
 * method called in a constraint reads).
 */
@ClassReactive
public record ConnectionState(
        String connectionId,
        String component,
        boolean up,
        Instant since,
        Instant lastSeen,
        Map<String, String> params,
        Map<Integer, Watch> watches,
        HeartbeatHistory beats,
        String reporter,
        TransitionHistory changes) {

    public ConnectionState {
        params = Map.copyOf(params);
        watches = Map.copyOf(watches);
        // States stored before reporters existed have none.
        reporter = reporter == null ? "" : reporter;
    }

    public ConnectionState(String connectionId, String component, boolean up, Instant since, Instant lastSeen,
                           Map<String, String> params, Map<Integer, Watch> watches) {
        this(connectionId, component, up, since, lastSeen, params, watches, null, "");
    }

    /** A state that keeps no transition history. */
    public ConnectionState(String connectionId, String component, boolean up, Instant since, Instant lastSeen,
                           Map<String, String> params, Map<Integer, Watch> watches, HeartbeatHistory beats,
                           String reporter) {
        this(connectionId, component, up, since, lastSeen, params, watches, beats, reporter, null);
    }

    /** What an event did to the state. */
    public enum Effect {
        /** Stale or conflicting: older than (or as old as) what the state already knows. */
        IGNORED,
        /** Same link state, newer time: stored, but nothing for the rules to decide. */
        REFRESHED,
        /** The link went up or down: the rules decide what it means. */
        TRANSITION
    }

    public record Applied(Effect effect, ConnectionState state) {
    }

    /**
     * Applies an event. A first event sets the state at its own time. A transition needs an event
     * strictly newer than every event seen, so a late or duplicate event never flips the state back.
     */
    public static Applied apply(ConnectionState current, ConnectionEvent event) {
        return apply(current, event, null);
    }

    /**
     * As {@link #apply(ConnectionState, ConnectionEvent)}, also recording an up event in the
     * heartbeat history when {@code heartbeats} (the component's needs) is not {@code null}.
     */
    public static Applied apply(ConnectionState current, ConnectionEvent event, Heartbeats heartbeats) {
        return apply(current, event, heartbeats, null);
    }

    /**
     * As above, also recording an up/down transition in the {@link TransitionHistory} when
     * {@code keepTransitions} (how long the component's flap detection looks back) is not
     * {@code null}. Only a transition touches that history: a heartbeat leaves it as it is.
     */
    public static Applied apply(ConnectionState current, ConnectionEvent event, Heartbeats heartbeats,
                                Duration keepTransitions) {
        boolean up = event.type().up();
        if (current == null) {
            HeartbeatHistory beats = up && heartbeats != null ? HeartbeatHistory.first(event.time(), heartbeats) : null;
            var fresh = new ConnectionState(event.connectionId(), event.component(), up, event.time(), event.time(),
                    event.parameterValues(), Map.of(), beats, event.reporter(), null);
            return new Applied(Effect.TRANSITION, fresh);
        }
        if (!event.time().isAfter(current.lastSeen)) {
            return new Applied(Effect.IGNORED, current);
        }
        HeartbeatHistory beats = up && heartbeats != null
                ? (current.beats == null ? HeartbeatHistory.first(event.time(), heartbeats)
                        : current.beats.beat(event.time(), heartbeats))
                : current.beats;
        if (up == current.up) {
            // Mostly the same values as before: keeping the current (immutable) map spares a copy per event.
            Map<String, String> values = event.parameterValues();
            return new Applied(Effect.REFRESHED, new ConnectionState(current.connectionId, current.component, up,
                    current.since, event.time(), values.equals(current.params) ? current.params : values,
                    current.watches, beats, event.reporter(), current.changes));
        }
        TransitionHistory changes = keepTransitions == null ? current.changes
                : TransitionHistory.after(current.changes, event.time(), keepTransitions);
        return new Applied(Effect.TRANSITION, new ConnectionState(current.connectionId, current.component, up,
                event.time(), event.time(), event.parameterValues(), current.watches, beats, event.reporter(),
                changes));
    }

    /**
     * Detection's: this state with a transition judged by the rules at {@code at} (an alarm type that
     * stands for the link being down was raised, or recovered), for links whose events never say
     * down. Kept in order: a time not after the newest kept is recorded a nanosecond after it.
     */
    public ConnectionState judgedTransition(Instant at, Duration keep) {
        Instant newest = changes == null ? null : changes.newest();
        Instant t = newest != null && !at.isAfter(newest) ? newest.plusNanos(1) : at;
        return new ConnectionState(connectionId, component, up, since, lastSeen, params, watches, beats, reporter,
                TransitionHistory.after(changes, t, keep));
    }

    /** This state with a newer last-seen time and nothing else changed. */
    public ConnectionState seenAt(Instant time) {
        return new ConnectionState(connectionId, component, up, since, time, params, watches, beats, reporter,
                changes);
    }

    /**
     * Whether this state is {@code other} with at most its last-seen time moved: same link state,
     * parameters, watches and reporter, and neither keeps a heartbeat history.
     */
    public boolean sameButLastSeen(ConnectionState other) {
        return other != null && beats == null && other.beats == null && up == other.up
                && connectionId.equals(other.connectionId) && since.equals(other.since)
                && params.equals(other.params) && watches.equals(other.watches) && reporter.equals(other.reporter)
                && java.util.Objects.equals(changes, other.changes);
    }

    public Watch watch(int alarmId) {
        return watches.getOrDefault(alarmId, Watch.idle(alarmId));
    }

    public ConnectionState with(Watch watch) {
        var next = new HashMap<>(watches);
        if (watch.idle()) {
            next.remove(watch.alarmId());
        } else {
            next.put(watch.alarmId(), watch);
        }
        return new ConnectionState(connectionId, component, up, since, lastSeen, params, next, beats, reporter,
                changes);
    }

    /** A parameter value for rules and alarms, empty when the events never carried it. */
    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    // ------------------------------------------------------------ flapping, for rules

    /**
     * How many up/down transitions are kept ({@link TransitionHistory}): 0 for a link that has not
     * changed since it was first seen, or whose component keeps none. A field, cheap to read: a
     * rule guards with it before asking for the measure.
     */
    public int transitionsKept() {
        return changes == null ? 0 : changes.count();
    }

    /**
     * Nagios' weighted state change of this link at {@code at}, in percent (0 to 100), over the 21
     * slots of the definition's {@code flapSlot} ending at {@code at} (see {@link TransitionHistory}).
     */
    public double flapPercent(Instant at, AlarmDefinition definition) {
        return TransitionHistory.percent(flapUnits(at, definition));
    }

    /**
     * The first instant from {@code from} on at which the measure is at least the definition's
     * {@code flapHigh}, with the transitions known now and no other; {@code null} when it never is.
     */
    public Instant flappingFrom(AlarmDefinition definition, Instant from) {
        if (changes == null) {
            return null;
        }
        double high = definition.numberSetting("flapHigh");
        if (!TransitionHistory.atLeast(TransitionHistory.mostUnits(changes.count()), high)) {
            return null; // too few transitions to reach it whenever they came: the common case, cheap
        }
        return changes.firstFrom(from, definition.durationSetting("flapSlot"), upFor(definition),
                (units, up) -> TransitionHistory.atLeast(units, high));
    }

    /**
     * The first instant from {@code from} on at which the measure is below the definition's
     * {@code flapLow} and the link is up, if it changes no more: when a flapping alarm clears. A link
     * that is down is not stable, however long it has been down: {@code null} while it is (its next
     * transition tells more). 21 slots after the last transition of a link that is up, the measure
     * is 0.
     */
    public Instant calmsAt(AlarmDefinition definition, Instant from) {
        boolean upNow = upFor(definition);
        if (changes == null) {
            return upNow ? from : null;
        }
        double low = definition.numberSetting("flapLow");
        return changes.firstFrom(from, definition.durationSetting("flapSlot"), upNow,
                (units, up) -> up && !TransitionHistory.atLeast(units, low));
    }

    private int flapUnits(Instant at, AlarmDefinition definition) {
        return changes == null ? 0 : changes.unitsAt(at, definition.durationSetting("flapSlot"), upFor(definition));
    }

    /**
     * The link's state after its newest transition, as the definition's transitions count it: its
     * events' state, or with {@code flapOf} whether that alarm type's condition is not met.
     */
    private boolean upFor(AlarmDefinition definition) {
        return definition.settings().containsKey("flapOf") ? !watch(definition.intSetting("flapOf")).met() : up;
    }

    /**
     * The newest transition the measure knows: the last up/down change of the link, or with
     * {@code flapOf} the last raise or recovery of that alarm type; {@link #since} when none is kept.
     */
    public Instant lastChange() {
        Instant newest = changes == null ? null : changes.newest();
        return newest != null ? newest : since;
    }

    // ------------------------------------------------------------ heartbeats, for rules

    /** The newest heartbeat's event time; the first event's when there has been none (silence counts from it). */
    public Instant lastBeat() {
        return beats != null ? beats.last() : since;
    }

    /** Whether at {@code now} no heartbeat has come for {@code silence} or longer. */
    public boolean silentFor(Instant now, Duration silence) {
        return !lastBeat().plus(silence).isAfter(now);
    }

    /** Reports (heartbeats) younger than {@code window} at {@code now}, counted up to the kept number. */
    public int reportsWithin(Duration window, Instant now) {
        return beats == null ? 0 : beats.reportsAfter(now.minus(window));
    }

    /** From when on, without further reports, fewer than {@code n} reports are younger than {@code window}. */
    public Instant fewerReportsFrom(int n, Duration window) {
        return beats == null ? since : beats.fewerThanFrom(n, window);
    }

    /** Phi at {@code now} as the definition's {@code heartbeats.intervals} compute it (0 without them). */
    public double phiAt(Instant now, AlarmDefinition definition) {
        Intervals spec = intervals(definition);
        if (spec == null) {
            return 0;
        }
        double elapsed = HeartbeatHistory.seconds(Duration.between(lastBeat(), now));
        return PhiAccrual.phi(spec.model(), elapsed, gapMean(spec), gapStdDev(spec));
    }

    /**
     * The first instant at which phi reaches {@code threshold} if no heartbeat comes: exact to the
     * nanosecond, and never early ({@code phiAt} of the answer is at least the threshold).
     */
    public Instant phiReachedAt(AlarmDefinition definition, double threshold) {
        Intervals spec = intervals(definition);
        if (spec == null) {
            return null;
        }
        double seconds = PhiAccrual.crossing(spec.model(), threshold, gapMean(spec), gapStdDev(spec));
        Instant at = lastBeat().plus(Duration.ofNanos((long) Math.ceil(Math.max(0, Math.min(seconds, 1e9)) * 1e9)));
        for (int nudge = 0; nudge < 64 && phiAt(at, definition) < threshold; nudge++) {
            at = at.plusNanos(1L << Math.min(nudge, 40));
        }
        return at;
    }

    /** When a watch waiting for {@code silence} is due, given the heartbeats so far. */
    public Instant dueAt(Watch.Silence silence, AlarmDefinition definition) {
        Instant due = lastBeat().plus(silence.longest());
        if (silence.phi() != null) {
            Instant phi = phiReachedAt(definition, silence.phi());
            if (phi != null && phi.isBefore(due)) {
                due = phi;
            }
        }
        if (silence.fewerReports() != null) {
            Instant confirmed = fewerReportsFrom(silence.fewerReports(), silence.reportWindow());
            if (confirmed.isAfter(due)) {
                due = confirmed;
            }
        }
        return due;
    }

    /** The mean gap phi assumes: the window's, or the expected interval before the first gap. */
    public double gapMean(Intervals spec) {
        HeartbeatHistory.Gaps gaps = beats == null ? null : beats.gaps();
        return gaps == null || gaps.count() == 0 ? HeartbeatHistory.seconds(spec.expected()) : gaps.mean();
    }

    /** The gaps' standard deviation, never below {@code minStdDev} (default: a tenth of the expected interval). */
    public double gapStdDev(Intervals spec) {
        double floor = HeartbeatHistory.seconds(spec.minStdDev() != null ? spec.minStdDev()
                : spec.expected().dividedBy(10));
        HeartbeatHistory.Gaps gaps = beats == null ? null : beats.gaps();
        double sd = gaps == null || gaps.count() == 0 ? 0 : Math.sqrt(gaps.variance());
        return Math.max(sd, floor);
    }

    private static Intervals intervals(AlarmDefinition definition) {
        return definition.heartbeats() == null ? null : definition.heartbeats().intervals();
    }
}
