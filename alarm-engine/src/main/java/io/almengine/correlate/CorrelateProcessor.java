package io.almengine.correlate;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.DeadlineIndex;
import io.almengine.detect.RuleBook;
import io.almengine.detect.RuleSession;
import io.almengine.rules.ClientLink;
import io.almengine.rules.Decision;
import io.almengine.rules.Now;
import io.almengine.rules.ServerPort;
import io.almengine.rules.Watch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the clients of the server ports of one partition ({@link ClientLink}s from detection, keyed
 * by server port) and asks the rules of the port's {@code scope: serverPort} alarm types what they
 * mean: a {@link ServerPort} fact with every client, each client as a {@link ClientLink} fact, one
 * {@link Watch} per alarm type and {@link Now}. What they decide goes to the lifecycle stage as
 * {@link Correlation}s.
 *
 * <p>A client's report does not reach the rules at once: it marks its port for evaluation at the
 * next sweep, so a storm of reports (all clients of a port dropping in the same second) costs one
 * evaluation per port and sweep, not one per client. Deadlines the rules arm are kept in a
 * {@link DeadlineIndex}, like detection's, on the same injectable clock.
 *
 * <p>Linking: once the lifecycle stage says which serial number the port's alarm got
 * ({@link ParentAlarm}), every client of the outage that is down (down since the outage began) is
 * sent a {@link Correlation.Kind#LINK}, and so is every one that goes down while the alarm is
 * active; when it is no longer active, each linked client is sent an {@link Correlation.Kind#UNLINK}.
 */
public final class CorrelateProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(CorrelateProcessor.class);

    public static final String PORTS_STORE = "correlate-ports";
    public static final String CLIENTS_STORE = "correlate-clients";
    public static final String DEADLINES_STORE = "correlate-deadlines";
    public static final String TO_CORRELATIONS = "to-correlations";
    /**
     * Clients kept per server port at most: a port is judged over its clients, and a bound keeps
     * a misbehaving producer (a new client name per event) from growing one port without end.
     */
    public static final int MAX_CLIENTS_PER_PORT = 100_000;
    /** Ports evaluated per sweep at most; the rest follow a sweep later. */
    static final int SWEEP_BATCH = 1_000;
    /**
     * The least time between two evaluations of a port that its clients' reports ask for (deadlines
     * the rules armed are kept to the instant), on the engine's clock or the wall's, whichever
     * moves first. While tens of thousands of clients of a port go down, their reports come for
     * seconds, and an evaluation each sweep over all of them took a stream thread's time from the
     * raises; the rules look at downs within a minute of each other, which a second does not change.
     */
    static final Duration EVALUATION_GAP = Duration.ofSeconds(1);
    /** How long the decoded clients of a port with nothing armed, met or linked outlive its last evaluation. */
    static final Duration KEEP_JUDGED = Duration.ofMinutes(1);

    private final DefinitionCatalog catalog;
    private final RuleBook rules;
    private final Clock clock;
    private final Duration sweepInterval;
    private final Duration allowedLateness;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, PortState> ports;
    private PortClients clients;
    private DeadlineIndex deadlines;
    private RuleSession session;
    /** Ports whose bound was reached, said once each per task (not once per client beyond it). */
    private final java.util.Set<String> fullPortsWarned = new java.util.HashSet<>();

    /**
     * @param allowedLateness a port is judged at the engine's clock less this, as detection judges
     *                        a link no reporter vouches for
     */
    public CorrelateProcessor(DefinitionCatalog catalog, RuleBook rules, Clock clock, Duration sweepInterval,
                              Duration allowedLateness) {
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.ports = context.getStateStore(PORTS_STORE);
        this.clients = new PortClients(context.getStateStore(CLIENTS_STORE));
        KeyValueStore<Bytes, byte[]> deadlineStore = context.getStateStore(DEADLINES_STORE);
        this.deadlines = new DeadlineIndex(deadlineStore);
        this.session = rules.newSession(catalog.all());
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() instanceof ClientLink link) {
            client(record.key(), link);
        } else if (record.value() instanceof ParentAlarm parent) {
            parent(record.key(), parent);
        }
    }

    /** The instant the rules judge at: the engine's clock less the allowed lateness. */
    private Instant judgedAt() {
        return clock.instant().minus(allowedLateness);
    }

    private void client(String port, ClientLink link) {
        PortState state = ports.get(port);
        if (state == null) {
            if (link.retired() || catalog.perServerPort(link.component()).isEmpty()) {
                return;
            }
            state = PortState.fresh(link.component(), portParams(link));
        }
        KnownClient known = clients.get(port, link.connectionId());
        if (link.retired()) {
            if (known != null) {
                clients.delete(port, link.connectionId());
                state = state.withClients(state.clients() - 1);
            }
            if (state.clients() <= 0 && state.armed().isEmpty() && state.met().isEmpty() && state.parents().isEmpty()) {
                ports.delete(port); // its last client retired, nothing pending: the port is forgotten
                clients.forget(port);
                return;
            }
        } else if (known == null && state.clients() >= MAX_CLIENTS_PER_PORT) {
            if (fullPortsWarned.add(port)) {
                LOG.warn("server port {} has {} clients already: more are not counted (first: {})", port,
                        state.clients(), link.connectionId());
            }
            return;
        } else {
            KnownClient next = new KnownClient(link, known == null ? 0 : known.parent());
            if (known == null) {
                state = state.withClients(state.clients() + 1);
            }
            if (link.down()) {
                next = linkIfInOutage(state, next);
            }
            clients.put(port, next);
        }
        ports.put(port, worthAsking(link, state) ? pending(port, state) : state);
    }

    /**
     * Whether the port's rules are to be asked after this report: a client went down or retired
     * (fewer known clients make a larger share), or an alarm type of the port is armed or met
     * (whatever changed may end what it waits for). A client first seen, or back, on a port where
     * nothing is armed or met only lowers the share of those down: nothing a rule could act on,
     * and a fleet connecting (a million clients at start) costs no evaluation.
     */
    private static boolean worthAsking(ClientLink link, PortState state) {
        return link.down() || link.retired() || !state.armed().isEmpty() || !state.met().isEmpty();
    }

    /** The port's parameters, from any client's: what its alarm carries. */
    private static Map<String, String> portParams(ClientLink link) {
        var params = new LinkedHashMap<String, String>();
        for (String name : List.of("source", "serverHost", "serverPort")) {
            params.put(name, link.param(name));
        }
        params.put("component", link.component());
        return params;
    }

    /** A client down since the outage of an active alarm of its port began is that alarm's child. */
    private KnownClient linkIfInOutage(PortState state, KnownClient client) {
        for (Map.Entry<Integer, Long> parent : state.parents().entrySet()) {
            Instant from = state.linkFrom().get(parent.getKey());
            if (from != null && !client.link().since().isBefore(from) && client.parent() != parent.getValue()) {
                send(Correlation.link(client.link().connectionId(), client.link().component(), client.link().since(),
                        parent.getValue()));
                return client.linkedTo(parent.getValue());
            }
        }
        return client;
    }

    /** Marks the port for evaluation at the next sweep, once however many reports come before it. */
    private PortState pending(String port, PortState state) {
        if (state.pending()) {
            return state;
        }
        deadlines.schedule(port, judgedAt());
        return state.withPending(true);
    }

    private void parent(String port, ParentAlarm parent) {
        PortState state = ports.get(port);
        if (state == null) {
            return;
        }
        if (parent.reserved() && !stillJudged(state, parent)) {
            // Disarmed (or raised under another number) while the number was being reserved.
            send(Correlation.release(port, state.component(), parent.alarmId(), clock.instant(), parent.serialNo()));
            return;
        }
        if (parent.active() || parent.reserved()) {
            state = state.parent(parent.alarmId(), parent.serialNo());
            ports.put(port, state);
            PortState linking = state;
            for (KnownClient client : clients.copyOf(port)) {
                if (client.link().down()) {
                    KnownClient next = linkIfInOutage(linking, client);
                    if (next != client) {
                        clients.put(port, next);
                    }
                }
            }
        } else {
            if (!Long.valueOf(parent.serialNo()).equals(state.parents().get(parent.alarmId()))) {
                return;
            }
            ports.put(port, state.parent(parent.alarmId(), null));
            for (KnownClient client : clients.copyOf(port)) {
                if (client.parent() == parent.serialNo()) {
                    send(Correlation.unlink(client.link().connectionId(), client.link().component(), clock.instant(),
                            parent.serialNo()));
                    clients.put(port, client.linkedTo(0));
                }
            }
        }
    }

    private static boolean stillJudged(PortState state, ParentAlarm reserved) {
        int id = reserved.alarmId();
        Long known = state.parents().get(id);
        return (state.armed().containsKey(id) || state.met().contains(id))
                && (known == null || known == reserved.serialNo());
    }

    /**
     * An armed alarm type of the port that was disarmed before it was raised: the serial number
     * reserved for it is given back, and the clients linked to it in advance are linked no more.
     */
    private PortState notRaised(String port, PortState state, int alarmId) {
        if (state.met().contains(alarmId)) {
            return state; // raised: it ends with its recovery, not here
        }
        Long reserved = state.parents().get(alarmId);
        if (reserved == null) {
            return state.linkingFrom(alarmId, null);
        }
        Instant now = clock.instant();
        send(Correlation.release(port, state.component(), alarmId, now, reserved));
        for (KnownClient client : clients.copyOf(port)) {
            if (client.parent() == reserved) {
                send(Correlation.detach(client.link().connectionId(), client.link().component(), now, reserved));
                clients.put(port, client.linkedTo(0));
            }
        }
        return state.parent(alarmId, null).linkingFrom(alarmId, null);
    }

    /** Evaluates the ports whose deadline has come or whose clients changed, a batch per sweep. */
    private void sweep() {
        Instant now = judgedAt();
        for (DeadlineIndex.Due due : deadlines.takeDue(now, SWEEP_BATCH)) {
            PortState state = ports.get(due.member());
            if (state == null) {
                continue;
            }
            Instant armed = state.armed().values().stream().filter(d -> d.equals(due.deadline())).findAny()
                    .orElse(null);
            if (!state.pending() && armed == null) {
                continue; // a deadline moved or dropped since it was scheduled
            }
            if (armed == null && clients.judgedWithin(due.member(), now, context.currentSystemTimeMs(), EVALUATION_GAP)) {
                deadlines.schedule(due.member(), due.deadline()); // its clients' reports wait for the gap
                continue;
            }
            evaluate(due.member(), state.withPending(false), now);
        }
        forgetIdlePorts();
    }

    private void evaluate(String port, PortState state, Instant now) {
        evaluate(port, state, now, true);
    }

    /** {@code again}: whether a deadline armed already reached is judged at once (once: a rule may arm it each time). */
    private void evaluate(String port, PortState state, Instant now, boolean again) {
        List<AlarmDefinition> defs = catalog.perServerPort(state.component());
        var links = new ArrayList<ClientLink>(state.clients());
        clients.of(port).forEach(client -> links.add(client.link()));
        var facts = new ArrayList<Object>(links.size() + defs.size() + 2);
        facts.add(new ServerPort(port, state.component(), state.params(), links));
        facts.addAll(links);
        facts.add(new Now(now));
        for (AlarmDefinition def : defs) {
            Instant deadline = state.armed().get(def.id());
            facts.add(new Watch(def.id(), deadline, state.met().contains(def.id()), null, deadline));
        }
        PortState next = state;
        boolean armedDue = false;
        for (Decision decision : session.evaluate(facts)) {
            next = apply(port, next, decision);
            armedDue |= decision instanceof Decision.Arm arm && !arm.deadline().isAfter(now);
        }
        ports.put(port, next);
        clients.judged(port, now, context.currentSystemTimeMs());
        if (armedDue && again) {
            // Armed at a deadline already reached (the port was judged later than its outage began
            // plus raiseAfter): what the rules say at that deadline is due now, not a sweep later.
            evaluate(port, next, now, false);
        }
    }

    /** Drops the decoded clients of ports no longer judged: the store alone keeps them then. */
    private void forgetIdlePorts() {
        clients.forgetIdle(judgedAt().minus(KEEP_JUDGED), port -> {
            PortState state = ports.get(port);
            return state == null || (state.armed().isEmpty() && state.met().isEmpty() && state.parents().isEmpty());
        });
    }

    private PortState apply(String port, PortState state, Decision decision) {
        int alarmId = decision.alarmId();
        Instant armed = state.armed().get(alarmId);
        if (armed != null && !(decision instanceof Decision.SeverityChange)) {
            deadlines.cancel(port, armed);
            state = state.armed(alarmId, null);
        }
        if (decision instanceof Decision.Arm arm) {
            deadlines.schedule(port, arm.deadline());
            if (!state.met().contains(alarmId)) {
                // The port is being judged: its alarm's serial number is asked for now, so that the
                // clients of the outage are linked before their own alarms are raised.
                Instant outageFrom = catalog.byId(alarmId).map(def -> arm.deadline().minus(def.raiseAfter()))
                        .orElse(arm.deadline());
                state = state.linkingFrom(alarmId, outageFrom);
                if (!state.parents().containsKey(alarmId)) {
                    send(Correlation.reserve(port, state.component(), alarmId, clock.instant()));
                }
            }
            return state.armed(alarmId, arm.deadline());
        }
        if (decision instanceof Decision.Disarm) {
            return notRaised(port, state, alarmId);
        }
        if (decision instanceof Decision.Raise raise) {
            var values = new LinkedHashMap<>(state.params());
            values.putAll(raise.params());
            send(Correlation.raise(port, state.component(), alarmId, raise.occurredAt(), raise.severity(), values,
                    raise.detail()));
            Instant outageFrom = catalog.byId(alarmId).map(def -> raise.occurredAt().minus(def.raiseAfter()))
                    .orElse(raise.occurredAt());
            return state.met(alarmId, outageFrom);
        }
        if (decision instanceof Decision.Recover recover) {
            send(Correlation.recover(port, state.component(), alarmId, recover.at(), recover.detail()));
            return state.over(alarmId);
        }
        return state; // a severity change is about a connection's peer, not a port
    }

    private void send(Correlation correlation) {
        context.forward(new Record<String, Object>(correlation.connectionId(), correlation,
                context.currentSystemTimeMs()), TO_CORRELATIONS);
    }


    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
