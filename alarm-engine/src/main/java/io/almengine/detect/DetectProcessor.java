package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.pipeline.DeadlineIndex;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 */
public final class DetectProcessor implements Processor<String, ConnectionEvent, String, Signal> {

    public static final String CONNECTIONS_STORE = "connections";
    public static final String DEADLINES_STORE = "detect-deadlines";
    private static final int SWEEP_BATCH = 10_000;

    private final DefinitionCatalog catalog;
    private final RuleBook rules;
    private final Clock clock;
    private final Duration sweepInterval;
    private final CatchUp catchUp;
    private final Progress progress;

    private ProcessorContext<String, Signal> context;
    private KeyValueStore<String, ConnectionState> connections;
    private DeadlineIndex deadlines;
    private RuleSession session;
    private boolean caughtUp;

    public DetectProcessor(DefinitionCatalog catalog, RuleBook rules, Clock clock, Duration sweepInterval,
                           CatchUp catchUp, Progress progress) {
        this.catalog = catalog;
        this.rules = rules;
        this.clock = clock;
        this.sweepInterval = sweepInterval;
        this.catchUp = catchUp;
        this.progress = progress;
    }

    @Override
    public void init(ProcessorContext<String, Signal> context) {
        this.context = context;
        this.connections = context.getStateStore(CONNECTIONS_STORE);
        KeyValueStore<Bytes, byte[]> deadlineStore = context.getStateStore(DEADLINES_STORE);
        this.deadlines = new DeadlineIndex(deadlineStore);
        this.session = rules.newSession(catalog.all());
        catchUp.begin(context.taskId().partition());
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> sweep());
    }

    @Override
    public void process(Record<String, ConnectionEvent> record) {
        String id = record.key();
        ConnectionState current = id == null ? null : connections.get(id);
        if (record.value() == null) {
            retire(id, current);
            progress.eventApplied();
            return;
        }
        ConnectionState.Applied applied = ConnectionState.apply(current, record.value());
        progress.eventApplied();
        switch (applied.effect()) {
            case IGNORED -> {
            }
            case REFRESHED -> connections.put(id, applied.state());
            case TRANSITION -> connections.put(id, decide(applied.state(), clock.instant()));
        }
    }

    /**
     * Puts expired deadlines to the rules. After a restart or a new assignment it first waits
     * until the backlog of events has been read, so that a reconnect already waiting in Kafka is
     * seen before a deadline that it cancels.
     */
    private void sweep() {
        if (!caughtUp) {
            caughtUp = catchUp.caughtUp(context.taskId().partition());
            if (!caughtUp) {
                return;
            }
        }
        Instant now = clock.instant();
        for (DeadlineIndex.Due due : deadlines.takeDue(now, SWEEP_BATCH)) {
            DeadlineMember member = DeadlineMember.parse(due.member());
            ConnectionState state = connections.get(member.connectionId());
            if (state != null && due.deadline().equals(state.watch(member.alarmId()).deadline())) {
                connections.put(member.connectionId(), decide(state, now));
            }
        }
        progress.swept(context.taskId().partition(), now);
    }

    private ConnectionState decide(ConnectionState state, Instant now) {
        List<AlarmDefinition> defs = catalog.forComponent(state.component());
        ConnectionState next = state;
        for (Decision decision : session.evaluate(state, defs, now)) {
            next = apply(next, decision);
        }
        return next;
    }

    private ConnectionState apply(ConnectionState state, Decision decision) {
        Watch watch = state.watch(decision.alarmId());
        String member = new DeadlineMember(state.connectionId(), decision.alarmId()).toString();
        if (watch.armed()) {
            deadlines.cancel(member, watch.deadline());
        }
        if (decision instanceof Decision.Arm arm) {
            deadlines.schedule(member, arm.deadline());
            return state.with(new Watch(arm.alarmId(), arm.deadline(), false));
        }
        if (decision instanceof Decision.Raise raise) {
            signal(new Signal.Raise(state.connectionId(), raise.alarmId(), raise.occurredAt(), raise.severity(),
                    state.params(), raise.params(), raise.detail()));
            return state.with(new Watch(raise.alarmId(), null, true));
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
                .forEach(w -> deadlines.cancel(new DeadlineMember(id, w.alarmId()).toString(), w.deadline()));
        connections.delete(id);
        signal(new Signal.Retire(id, state.component(), clock.instant()));
    }

    private void signal(Signal signal) {
        context.forward(new Record<>(signal.connectionId(), signal, context.currentSystemTimeMs()));
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    /** Which deadline it is: the connection and the alarm type, joined by a character ids never contain. */
    record DeadlineMember(String connectionId, int alarmId) {
        static DeadlineMember parse(String member) {
            int cut = member.lastIndexOf('#');
            return new DeadlineMember(member.substring(0, cut), Integer.parseInt(member.substring(cut + 1)));
        }

        @Override
        public String toString() {
            return connectionId + "#" + alarmId;
        }
    }

    /** Whether a partition's backlog, as it was when the task was assigned, has been read. */
    public interface CatchUp {
        /** The task for {@code partition} was (re)assigned: what is waiting now must be read first. */
        void begin(int partition);

        boolean caughtUp(int partition);
    }

    /** Tells observers (health, benchmark, tests) how far detection has got. */
    public interface Progress {
        /** One event (or retirement) was applied to a connection's state, whether or not it changed anything. */
        void eventApplied();

        /** Every deadline of {@code partition} up to {@code now} has been put to the rules. */
        void swept(int partition, Instant now);
    }
}
