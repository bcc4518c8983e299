package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.AlarmCode;
import io.almengine.model.AlarmKey;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Event;
import io.almengine.model.Watermark;
import io.almengine.rules.ClientLink;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Now;
import io.almengine.rules.Peer;
import io.almengine.rules.Watch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the state of the connections of one partition. An event that flips a link, or a deadline
 * the clock reaches, is put to the rules; whatever they decide is applied to the state, the
 * deadlines and, as signals, to the lifecycle stage. A {@code null} event retires its connection.
 *
 * <p>Heartbeats that change nothing stay in Java: they update the connection's
 * {@link HeartbeatHistory} and, for watches that follow heartbeats, move the deadline, lazily: the
 * stored deadline is only ever moved earlier here; when an entry falls due and the watch's true due
 * time (worked out again from the history) is later, it is simply scheduled again. So a steady
 * heartbeat costs a state update and a little arithmetic, and the deadline index is touched about
 * once per silence threshold, not once per heartbeat. The rules see a heartbeat only when it ends
 * a met condition (the alarm may clear) or when a heartbeat-watching alarm type has no watch yet.
 *
 * <p>Event time is the truth, and a deadline is judged only once every event that could still
 * cancel it has been read: a link whose events name a reporter when that reporter's watermark has
 * passed the deadline, a link without one (or whose reporter fell silent) when the engine's clock
 * less the allowed lateness has (see {@link ReporterWatermarks}). The rules see that instant as
 * {@link Now}. Each deadline in the index carries its link's reporter, so a sweep leaves the ones
 * still held back without reading their connections.
 */
public final class DetectProcessor implements Processor<String, Event, String, Object> {

    public static final String CONNECTIONS_STORE = "connections";
    /** The child that takes the {@link Signal}s: the lifecycle stage. */
    public static final String TO_LIFECYCLE = "lifecycle";
    /** The sink of the {@link io.almengine.rules.ClientLink}s, keyed by server port (see {@link ServerClients}). */
    public static final String TO_SERVER_CLIENTS = "to-server-clients";
    public static final String DEADLINES_STORE = "detect-deadlines";
    /** Member lists of peer groups ({@link PeerGroup}), for components whose definitions set {@code peers: client}. */
    public static final String PEERS_STORE = "detect-peers";
    /** Each reporter's watermark and when it arrived ({@link ReporterMark}), by reporter id. */
    public static final String WATERMARKS_STORE = "detect-watermarks";
    /** Due deadlines taken from the index at once: one scan of it, then one rule call each. */
    static final int SWEEP_BATCH = 10_000;

    private final DefinitionCatalog catalog;
    private final RuleBook rules;
    private final Clock clock;
    private final Duration sweepInterval;
    private final Duration allowedLateness;
    /** Where events come in order with their reporters' watermarks; {@code null}: from wherever they come. */
    private final String eventsTopic;
    private final CatchUp catchUp;
    private final Progress progress;
    private final HeartbeatNeeds needs;
    private final TransitionNeeds transitions;
    /** Components whose connections are grouped with their peers (see {@code PeerRouting}). */
    private final java.util.Set<String> peerComponents;

    private ProcessorContext<String, Object> context;
    private final ServerClients serverClients;
    private KeyValueStore<String, ConnectionState> connections;
    private KeyValueStore<String, PeerGroup> peers;
    private DeadlineIndex deadlines;
    private ReporterWatermarks watermarks;
    private final UnsavedLastSeen unsaved = new UnsavedLastSeen();
    private RuleSession session;
    private boolean caughtUp;

    /**
     * @param allowedLateness how long after a deadline, by the engine's clock, a link no heard
     *                        reporter vouches for is judged (also how long a reporter may be silent
     *                        before its links are judged so)
     * @param eventsTopic     the topic producers write to: only an event read from it is in order
     *                        with its reporter's watermarks (one that came through the rekey topic
     *                        may have been overtaken by them, so no watermark vouches for it)
     */
    public DetectProcessor(DefinitionCatalog catalog, RuleBook rules, Clock clock, Duration sweepInterval,
                           Duration allowedLateness, String eventsTopic, CatchUp catchUp, Progress progress) {
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.allowedLateness = allowedLateness;
        this.eventsTopic = eventsTopic;
        this.catchUp = catchUp;
        this.progress = progress;
        this.needs = new HeartbeatNeeds(catalog);
        this.serverClients = new ServerClients(catalog);
        this.transitions = new TransitionNeeds(catalog);
        this.peerComponents = catalog.all().stream().filter(AlarmDefinition::groupsPeers)
                .map(AlarmDefinition::component).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.connections = context.getStateStore(CONNECTIONS_STORE);
        this.peers = context.getStateStore(PEERS_STORE);
        KeyValueStore<Bytes, byte[]> deadlineStore = context.getStateStore(DEADLINES_STORE);
        this.deadlines = new DeadlineIndex(deadlineStore);
        this.watermarks = new ReporterWatermarks(context.getStateStore(WATERMARKS_STORE), allowedLateness);
        this.session = rules.newSession(catalog.all());
        catchUp.begin(context.taskId().partition());
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, Event> record) {
        if (record.value() instanceof Watermark watermark) {
            watermark(watermark);
            progress.watermarkApplied();
            return;
        }
        String id = record.key();
        ConnectionState current = id == null ? null : load(id);
        if (record.value() == null) {
            retire(id, current);
        } else {
            ConnectionEvent event = (ConnectionEvent) record.value();
            apply(id, current, event.reporter().isEmpty() || inOrder() ? event : event.withReporter(null));
        }
        // Counted once the event's effects are all applied: tests and the bench wait on this count.
        progress.eventApplied();
    }

    /** Whether the record being processed came in order with its reporter's watermarks. */
    private boolean inOrder() {
        return eventsTopic == null || context.recordMetadata().map(m -> m.topic().equals(eventsTopic)).orElse(true);
    }

    /** A reporter's watermark: kept; one that moves it forward may make held deadlines due at once. */
    private void watermark(Watermark watermark) {
        if (!inOrder()) {
            return;
        }
        if (watermarks.accept(watermark, clock.instant())) {
            sweep();
        }
    }

    /** The event time up to which the link's events are all known now (see {@link ReporterWatermarks}). */
    private Instant knownUpTo(ConnectionState state) {
        return watermarks.knownUpTo(state.reporter(), clock.instant());
    }

    private void apply(String id, ConnectionState current, ConnectionEvent event) {
        ConnectionState base = current == null || !event.type().up() || !event.time().isAfter(current.lastSeen())
                ? current : silenceJudged(current, event.time());
        ConnectionState.Applied applied = ConnectionState.apply(base, event, needs.of(event.component()),
                transitions.ofEvents(event.component()));
        if (current == null && applied.effect() != ConnectionState.Effect.IGNORED && groupsPeers(event.component())) {
            String group = PeerGroup.keyOf(id);
            PeerGroup members = peers.get(group);
            peers.put(group, (members == null ? new PeerGroup(List.of()) : members).with(id));
        }
        switch (applied.effect()) {
            case IGNORED -> {
            }
            case REFRESHED -> {
                ConnectionState next = heartbeat(applied.state());
                if (!unsaved.keepIfOnlyTimeMoved(base, next)) {
                    save(id, next);
                }
            }
            case TRANSITION -> save(id, decide(current, applied.state(), Now.ofTransition(knownUpTo(applied.state()))));
        }
    }

    /** The connection's state as saved, with its newest event time when only that moved since. */
    private ConnectionState load(String id) {
        return unsaved.applyTo(connections.get(id));
    }

    private void save(String id, ConnectionState state) {
        connections.put(id, state);
        unsaved.forget(id);
    }

    /**
     * A heartbeat at {@code at} ends the silence since the last one. If that silence outlasted a
     * heartbeat watch's due time and no sweep has judged it yet (the events waited in Kafka while
     * the engine was down, or came late), the rules judge it first, as the sweep would have at the
     * due time, so the alarm is raised with its true time, and the heartbeat then clears it. An
     * outage is never lost because its end was read before its deadline was swept.
     */
    private ConnectionState silenceJudged(ConnectionState state, Instant at) {
        for (Watch watch : state.watches().values()) {
            if (watch.followsHeartbeats() && watch.armed() && !watch.met() && !at.isBefore(watch.deadline())) {
                Instant due = dueAt(state, watch);
                if (due != null && !at.isBefore(due)) {
                    return decide(state, state, Now.ofDeadline(due, watch.alarmId()));
                }
            }
        }
        return state;
    }

    /**
     * A heartbeat that did not flip the link. The rules are asked only when it may end a met
     * condition, or when an alarm type that watches heartbeats has no watch on this connection
     * yet (its definition arrived after the connection did); otherwise deadlines move in Java.
     */
    private ConnectionState heartbeat(ConnectionState state) {
        for (AlarmDefinition def : catalog.forComponent(state.component())) {
            if (def.heartbeats() == null) {
                continue;
            }
            Watch watch = state.watch(def.id());
            if (watch.idle() || (watch.met() && watch.followsHeartbeats())) {
                return decide(state, state, new Now(knownUpTo(state)));
            }
        }
        ConnectionState next = state;
        for (Watch watch : state.watches().values()) {
            if (watch.followsHeartbeats() && watch.armed() && !watch.met()) {
                Instant due = dueAt(next, watch);
                if (due != null && due.isBefore(watch.deadline())) {
                    String member = new AlarmKey(state.connectionId(), watch.alarmId()).toString();
                    deadlines.cancel(member, watch.deadline());
                    deadlines.schedule(member, due, state.reporter());
                    next = next.with(watch.at(due));
                }
            }
        }
        return next;
    }

    /** When a heartbeat-following watch is due; {@code null} when its definition is gone (the watch then waits as it is). */
    private Instant dueAt(ConnectionState state, Watch watch) {
        return catalog.byId(watch.alarmId()).map(def -> state.dueAt(watch.silence(), def)).orElse(null);
    }

    private boolean groupsPeers(String component) {
        return peerComponents.contains(component);
    }

    /**
     * Puts expired deadlines to the rules. After a restart or a new assignment it first waits
     * until the backlog of events has been read, so that a reconnect already waiting in Kafka is
     * seen before a deadline that it cancels.
     *
     * <p>A mass silence (a network cut, a region's agents at once) makes far more than a batch due
     * in the same instant, and every one of them is late from then on: the tick takes batch after
     * batch rather than one per tick. It stops after a sweep interval all the same, so that the
     * events waiting meanwhile (a reconnect that clears, a heartbeat that moves a deadline) are
     * not held up by a long sweep; the next tick goes on. Only a sweep that ran dry reports the
     * partition swept up to its time.
     *
     * <p>Due means due by the link's own horizon ({@link ReporterWatermarks#knownUpTo}); entries
     * held back for their reporter stay in the index and are looked at again by the next sweep.
     */
    private void sweep() {
        if (!caughtUp) {
            caughtUp = catchUp.caughtUp(context.taskId().partition());
            if (!caughtUp) {
                return;
            }
        }
        Instant now = clock.instant();
        watermarks.forgetSilent(now);
        Instant furthest = watermarks.furthest(now);
        if (untilDry(() -> sweepBatch(now, furthest), SWEEP_BATCH, clock, now.plus(sweepInterval))) {
            progress.swept(context.taskId().partition(), now);
        }
    }

    /**
     * Runs {@code batch} while it comes back full ({@code size} taken) and {@code clock} is before
     * {@code stopAt}; the first batch always runs. Whether the last batch came back short, i.e.
     * nothing more was due.
     */
    static boolean untilDry(java.util.function.IntSupplier batch, int size, Clock clock, Instant stopAt) {
        while (batch.getAsInt() >= size) {
            if (!clock.instant().isBefore(stopAt)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Puts up to a batch of the deadlines due at engine time {@code now} to the rules, each judged
     * at its link's horizon; none after {@code furthest} can be due. How many were taken.
     */
    private int sweepBatch(Instant now, Instant furthest) {
        List<DeadlineIndex.Due> batch = deadlines.takeDue(furthest, SWEEP_BATCH,
                due -> !due.deadline().isAfter(watermarks.knownUpTo(due.tag(), now)));
        for (DeadlineIndex.Due due : batch) {
            AlarmKey member = AlarmKey.parse(due.member());
            ConnectionState state = load(member.connectionId());
            Watch watch = state == null ? null : state.watch(member.alarmId());
            if (watch == null || !due.deadline().equals(watch.deadline())) {
                continue;
            }
            Instant known = watermarks.knownUpTo(state.reporter(), now);
            if (due.deadline().isAfter(known)) {
                // Scheduled for another reporter than the link's latest event names: its own decides.
                deadlines.schedule(due.member(), due.deadline(), state.reporter());
                continue;
            }
            if (watch.followsHeartbeats() && !watch.met()) {
                // Heartbeats came since this was scheduled: look again at the true due time.
                Instant dueAt = dueAt(state, watch);
                if (dueAt != null && dueAt.isAfter(known)) {
                    deadlines.schedule(due.member(), dueAt, state.reporter());
                    save(member.connectionId(), state.with(watch.at(dueAt)));
                    continue;
                }
            }
            save(member.connectionId(), decide(state, state, Now.ofDeadline(known, member.alarmId())));
        }
        return batch.size();
    }

    /**
     * Puts {@code state} to the rules at {@code now} and applies what they decide. {@code before} is
     * the connection as it was before the event or deadline that led here ({@code null}: new), so
     * that the server port hears when the client went down or came back.
     */
    private ConnectionState decide(ConnectionState before, ConnectionState state, Now now) {
        List<AlarmDefinition> defs = catalog.forComponent(state.component());
        progress.evaluated();
        ConnectionState next = state;
        List<Decision> decided = session.evaluate(state, defs, now, peersOf(state));
        for (Decision decision : decided) {
            next = apply(next, quieted(decision, decided));
        }
        next = judged(next, decided, now);
        serverClients.change(before, next, decided).ifPresent(this::tellServerPort);
        return next;
    }

    /**
     * A raise or recovery of an alarm type whose condition stands for the link being down
     * ({@code flapOf}, e.g. ALM-24102's lost aggregator) is a transition of the link: it is recorded,
     * and the alarm types that look at transitions (ALM-24903) are asked about it at once, as they
     * would be about a link whose events went down or up. Only they: the others have just decided.
     */
    private ConnectionState judged(ConnectionState state, List<Decision> decided, Now now) {
        Duration keep = transitions.of(state.component());
        if (keep == null) {
            return state;
        }
        ConnectionState next = state;
        List<AlarmDefinition> ask = null;
        for (Decision d : decided) {
            Instant at = d instanceof Decision.Raise raise ? raise.occurredAt()
                    : d instanceof Decision.Recover recover ? recover.at() : null;
            if (at != null && transitions.judges(state.component(), d.alarmId())) {
                next = next.judgedTransition(at, keep);
                ask = transitions.watchersOf(d.alarmId());
            }
        }
        if (ask == null) {
            return next;
        }
        ConnectionState after = next;
        for (Decision decision : session.evaluate(next, ask, Now.ofTransition(now.instant()), List.of())) {
            after = apply(after, decision);
        }
        return after;
    }

    /**
     * A raise that a rule of the same evaluation asked to keep quiet ({@link Decision.Quiet}) carries
     * why as parameters, which the notification stage reads; anything else is as decided.
     */
    private Decision quieted(Decision decision, List<Decision> decided) {
        if (!(decision instanceof Decision.Raise raise)) {
            return decision;
        }
        for (Decision d : decided) {
            if (d instanceof Decision.Quiet quiet && quiet.alarmId() == raise.alarmId()) {
                String by = AlarmCode.of(quiet.byAlarmId()).toString();
                var params = new LinkedHashMap<>(raise.params());
                params.put(Decision.Quiet.SUPPRESSED_BY, quiet.reason());
                params.put(Decision.Quiet.SUPPRESSED_BY_ALARM, by);
                return new Decision.Raise(raise.alarmId(), raise.occurredAt(), raise.severity(), Map.copyOf(params),
                        raise.detail() + " (not notified: " + quiet.reason() + ", " + by + ")");
            }
        }
        return decision;
    }

    private void tellServerPort(ClientLink link) {
        ServerClients.serverPortOf(link.connectionId()).ifPresent(port ->
                context.forward(new Record<String, Object>(port, link, context.currentSystemTimeMs()), TO_SERVER_CLIENTS));
    }

    /** The other connections of the client, for components that group peers; none otherwise. */
    private List<Peer> peersOf(ConnectionState state) {
        if (!groupsPeers(state.component())) {
            return List.of();
        }
        PeerGroup group = peers.get(PeerGroup.keyOf(state.connectionId()));
        if (group == null) {
            return List.of();
        }
        var out = new ArrayList<Peer>(group.members().size());
        for (String member : group.members()) {
            if (!member.equals(state.connectionId())) {
                ConnectionState peer = load(member);
                if (peer != null) {
                    out.add(new Peer(peer));
                }
            }
        }
        return out;
    }

    private ConnectionState apply(ConnectionState state, Decision decision) {
        if (decision instanceof Decision.SeverityChange change) {
            // About a peer's alarm: this connection's watch and deadline stay as they are.
            signal(new Signal.SeverityChange(change.connectionId(), change.alarmId(), change.at(), change.severity(),
                    change.params(), change.detail()));
            return state;
        }
        if (decision instanceof Decision.Quiet) {
            return state; // read with the raises of the same evaluation (see quieted)
        }
        Watch watch = state.watch(decision.alarmId());
        String member = new AlarmKey(state.connectionId(), decision.alarmId()).toString();
        if (watch.armed()) {
            deadlines.cancel(member, watch.deadline());
        }
        if (decision instanceof Decision.Arm arm) {
            deadlines.schedule(member, arm.deadline(), state.reporter());
            // A met watch stays met: its rules want to be asked again (a flapping alarm, when it may clear).
            return state.with(new Watch(arm.alarmId(), arm.deadline(), watch.met()));
        }
        if (decision instanceof Decision.Await await) {
            Watch following = new Watch(await.alarmId(), null, false, await.silence());
            Instant due = dueAt(state, following);
            deadlines.schedule(member, due, state.reporter());
            return state.with(following.at(due));
        }
        if (decision instanceof Decision.Raise raise) {
            signal(new Signal.Raise(state.connectionId(), raise.alarmId(), raise.occurredAt(), raise.severity(),
                    state.params(), raise.params(), raise.detail()));
            // A heartbeat-following watch stays so after the raise: the next heartbeat asks the rules.
            return state.with(new Watch(raise.alarmId(), null, true, watch.silence()));
        }
        if (decision instanceof Decision.Recover recover) {
            signal(new Signal.Recover(state.connectionId(), recover.alarmId(), recover.at(), recover.detail()));
        }
        return state.with(Watch.idle(decision.alarmId()));
    }

    private void retire(String id, ConnectionState state) {
        if (state == null) {
            return;
        }
        state.watches().values().stream().filter(Watch::armed)
                .forEach(w -> deadlines.cancel(new AlarmKey(id, w.alarmId()).toString(), w.deadline()));
        connections.delete(id);
        unsaved.forget(id);
        if (groupsPeers(state.component())) {
            String group = PeerGroup.keyOf(id);
            PeerGroup members = peers.get(group);
            if (members != null) {
                PeerGroup rest = members.without(id);
                if (rest.members().isEmpty()) {
                    peers.delete(group);
                } else {
                    peers.put(group, rest);
                }
            }
        }
        signal(new Signal.Retire(id, state.component(), clock.instant()));
        serverClients.retired(state, clock.instant()).ifPresent(this::tellServerPort);
    }

    private void signal(Signal signal) {
        context.forward(new Record<String, Object>(signal.connectionId(), signal, context.currentSystemTimeMs()),
                TO_LIFECYCLE);
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    /** Whether a partition's backlog, as it was when the task was assigned, has been read. */
    public interface CatchUp {
        /** The task for {@code partition} was (re)assigned: what is waiting now must be read first. */
        void begin(int partition);

        boolean caughtUp(int partition);

        /** The two questions answered by whatever knows the partition's offsets. */
        static CatchUp of(IntConsumer begin, IntPredicate caughtUp) {
            return new CatchUp() {
                @Override
                public void begin(int partition) {
                    begin.accept(partition);
                }

                @Override
                public boolean caughtUp(int partition) {
                    return caughtUp.test(partition);
                }
            };
        }
    }

    /** Tells observers (health, benchmark, tests) how far detection has got. */
    public interface Progress {
        /** One event (or retirement) was applied to a connection's state, whether or not it changed anything. */
        void eventApplied();

        /**
         * Every deadline of {@code partition} due at engine time {@code now} (by its link's horizon,
         * see {@link ReporterWatermarks}) has been put to the rules.
         */
        void swept(int partition, Instant now);

        /** A reporter's watermark was applied (and the deadlines it made due were put to the rules). */
        default void watermarkApplied() {
        }

        /** The rules were asked about one connection (an up/down change, a deadline, a heartbeat after a raise). */
        default void evaluated() {
        }
    }
}
