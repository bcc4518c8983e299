package io.almengine.lifecycle;

import io.almengine.correlate.Correlation;
import io.almengine.correlate.ParentAlarm;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.DeadlineIndex;
import io.almengine.detect.Signal;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmKey;
import io.almengine.model.ClearType;
import io.almengine.runbook.RunbookCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Owns the alarms of one partition's connections: detection signals and operator commands for
 * them arrive here, keyed by connection id, and nowhere else, so two writers can never race on an
 * alarm. Every change is written to the store and forwarded to both alarm topics in the same
 * Kafka transaction as the input that caused it; a command's answer goes to the results topic.
 */
public final class LifecycleProcessor implements Processor<String, Object, String, Object> {

    public static final String ALARMS_STORE = "alarms";
    public static final String ACTIVE_STORE = "active-alarms";
    public static final String SERIALS_STORE = "alarm-serials";
    public static final String RETENTION_STORE = "alarm-retention";
    /** Per client connection id, the serial number of the root-cause alarm its alarms are children of. */
    public static final String PARENT_LINKS_STORE = "alarm-parent-links";
    /** Per server port and alarm type being judged, the serial number its alarm will have once raised. */
    public static final String RESERVATIONS_STORE = "alarm-reservations";
    /** Where a server port's alarm is announced ({@link ParentAlarm}), for the correlate stage to link its children. */
    public static final String TO_SERVER_ALARMS = "to-server-alarms";
    public static final String TO_ALARMS = "to-alarms";
    public static final String TO_ALARM_EVENTS = "to-alarm-events";
    public static final String TO_COMMAND_RESULTS = "to-command-results";

    private final DefinitionCatalog catalog;
    private final RunbookCatalog runbooks;
    private final Clock clock;
    private final Duration clearedRetention;
    private final Duration sweepInterval;

    private ProcessorContext<String, Object> context;
    private AlarmStore alarms;
    private KeyValueStore<String, Long> active;
    private SerialNumbers serials;
    private DeadlineIndex retention;
    private KeyValueStore<String, Long> parentLinks;
    private KeyValueStore<String, Long> reservations;

    public LifecycleProcessor(DefinitionCatalog catalog, RunbookCatalog runbooks, Clock clock, Duration clearedRetention,
                              Duration sweepInterval) {
        this.catalog = catalog;
        this.runbooks = runbooks;
        this.clock = clock;
        this.clearedRetention = clearedRetention;
        this.sweepInterval = sweepInterval;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.alarms = new AlarmStore(context.getStateStore(ALARMS_STORE));
        this.active = context.getStateStore(ACTIVE_STORE);
        this.serials = new SerialNumbers(context.getStateStore(SERIALS_STORE), context.taskId().partition());
        KeyValueStore<Bytes, byte[]> retentionStore = context.getStateStore(RETENTION_STORE);
        this.retention = new DeadlineIndex(retentionStore);
        this.parentLinks = context.getStateStore(PARENT_LINKS_STORE);
        this.reservations = context.getStateStore(RESERVATIONS_STORE);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> expireCleared());
    }

    @Override
    public void process(Record<String, Object> record) {
        Object signal = record.value();
        if (signal instanceof AlarmCommand command) {
            command(command);
        } else if (signal instanceof Correlation correlation) {
            correlation(correlation);
        } else if (signal instanceof Signal.Raise raise) {
            raise(raise);
        } else if (signal instanceof Signal.Recover recover) {
            recover(recover);
        } else if (signal instanceof Signal.SeverityChange change) {
            changeSeverity(change);
        } else if (signal instanceof Signal.Retire retire) {
            retire(retire);
        }
    }

    private void raise(Signal.Raise signal) {
        AlarmDefinition def = definition(signal.alarmId());
        String key = activeKey(signal.connectionId(), def.id());
        Long serial = active.get(key);
        if (serial != null) {
            // Only a type that does not clear by itself can meet its condition again while active.
            publish(alarms.get(serial).recurred(signal.occurredAt(), signal.detail()));
            return;
        }
        var params = new LinkedHashMap<String, String>();
        def.parameters().forEach(p -> params.put(p.name(), signal.values().getOrDefault(p.name(), "")));
        params.putAll(signal.extras());
        long serialNo = def.perServerPort() ? reservedOrNext(key) : serials.next();
        active.put(key, serialNo);
        Alarm raised = Alarm.raise(serialNo, def.id(), def.name(), def.nameZh(), signal.severity(),
                signal.occurredAt(), params, signal.connectionId(), signal.detail());
        publish(def.perServerPort() ? raised : raised.withParent(parentLinks.get(signal.connectionId())));
        announceIfParent(raised);
    }

    /**
     * From the correlate stage: a server port's alarm raised or over (handled as detection's
     * signals are), or a client's alarms linked to, or unlinked from, their root-cause alarm.
     */
    private void correlation(Correlation c) {
        switch (c.kind()) {
            case RAISE -> raise(new Signal.Raise(c.connectionId(), c.alarmId(), c.at(), c.severity(), c.values(),
                    java.util.Map.of(), c.detail()));
            case RECOVER -> recover(new Signal.Recover(c.connectionId(), c.alarmId(), c.at(), c.detail()));
            case LINK -> {
                parentLinks.put(c.connectionId(), c.parent());
                for (AlarmDefinition def : catalog.forComponent(c.component())) {
                    Long serial = active.get(activeKey(c.connectionId(), def.id()));
                    Alarm alarm = alarms.get(serial);
                    if (alarm != null && !Long.valueOf(c.parent()).equals(alarm.parent())) {
                        publish(alarm.linked(c.at(), c.parent()));
                    }
                }
            }
            case UNLINK -> {
                if (Long.valueOf(c.parent()).equals(parentLinks.get(c.connectionId()))) {
                    parentLinks.delete(c.connectionId());
                }
            }
            case RESERVE -> reserve(c);
            case RELEASE -> {
                String key = activeKey(c.connectionId(), c.alarmId());
                if (Long.valueOf(c.parent()).equals(reservations.get(key))) {
                    reservations.delete(key);
                }
            }
            case DETACH -> detach(c);
        }
    }

    /**
     * The serial number a server port's alarm will have, given now so that the clients of its
     * outage carry their parent from their own raise (one change each, not a raise and a link).
     * Nothing when the alarm is active already; the same number when asked again.
     */
    private void reserve(Correlation c) {
        String key = activeKey(c.connectionId(), c.alarmId());
        if (active.get(key) != null) {
            return;
        }
        Long serial = reservations.get(key);
        if (serial == null) {
            serial = serials.next();
            reservations.put(key, serial);
        }
        context.forward(new Record<String, Object>(c.connectionId(), ParentAlarm.reserved(c.connectionId(),
                c.alarmId(), serial), context.currentSystemTimeMs()), TO_SERVER_ALARMS);
    }

    private long reservedOrNext(String key) {
        Long reserved = reservations.get(key);
        if (reserved == null) {
            return serials.next();
        }
        reservations.delete(key);
        return reserved;
    }

    /** The client's alarms linked to a parent that was never raised are its children no more. */
    private void detach(Correlation c) {
        if (Long.valueOf(c.parent()).equals(parentLinks.get(c.connectionId()))) {
            parentLinks.delete(c.connectionId());
        }
        for (AlarmDefinition def : catalog.forComponent(c.component())) {
            Long serial = active.get(activeKey(c.connectionId(), def.id()));
            Alarm alarm = alarms.get(serial);
            if (alarm != null && Long.valueOf(c.parent()).equals(alarm.parent())) {
                publish(alarm.unlinked(c.at(), c.parent(), "its server port's outage broke up before it was judged"));
            }
        }
    }

    /** Tells the correlate stage the serial number of a server port's alarm, or that it is no longer active. */
    private void announceIfParent(Alarm alarm) {
        if (catalog.byId(alarm.alarmId()).map(AlarmDefinition::perServerPort).orElse(false)) {
            context.forward(new Record<String, Object>(alarm.connectionId(), ParentAlarm.raised(alarm.connectionId(),
                    alarm.alarmId(), alarm.serialNo(), alarm.active()), context.currentSystemTimeMs()), TO_SERVER_ALARMS);
        }
    }

    /** Same alarm, same serial number, another severity; nothing when it is not active or already of that severity. */
    private void changeSeverity(Signal.SeverityChange signal) {
        Long serial = active.get(activeKey(signal.connectionId(), signal.alarmId()));
        Alarm alarm = alarms.get(serial);
        if (alarm == null || alarm.severity() == signal.severity()) {
            return;
        }
        publish(alarm.severityChanged(signal.at(), signal.severity(), signal.params(), signal.detail()));
    }

    /**
     * The condition is over at the signal's time. Dated before the active alarm occurred, it was
     * never met by event time (the ending event was read only after the engine raised the alarm):
     * the alarm is retracted, whatever its definition says about clearing by itself, since it never
     * stood for a condition. Otherwise an auto-clearing alarm clears.
     */
    private void recover(Signal.Recover signal) {
        AlarmDefinition def = definition(signal.alarmId());
        String key = activeKey(signal.connectionId(), def.id());
        Long serial = active.get(key);
        Alarm alarm = alarms.get(serial);
        if (alarm != null && signal.at().isBefore(alarm.occurredAt())) {
            active.delete(key);
            retention.schedule(Long.toString(serial), clock.instant().plus(clearedRetention));
            Alarm retracted = alarm.retracted(clock.instant(), signal.at(), signal.detail());
            publish(retracted);
            announceIfParent(retracted);
            return;
        }
        if (!def.autoClear()) {
            return;
        }
        clear(signal.connectionId(), def, signal.at(), ClearType.AUTO, signal.detail());
    }

    private void retire(Signal.Retire signal) {
        for (AlarmDefinition def : catalog.forComponent(signal.component())) {
            clear(signal.connectionId(), def, signal.at(), ClearType.MANUAL, "connection retired");
        }
    }

    private void clear(String connectionId, AlarmDefinition def, Instant at, ClearType type, String detail) {
        String key = activeKey(connectionId, def.id());
        Long serial = active.get(key);
        if (serial == null) {
            return;
        }
        active.delete(key);
        Alarm cleared = alarms.get(serial).cleared(at, type, Alarm.ENGINE, detail);
        retention.schedule(Long.toString(serial), clock.instant().plus(clearedRetention));
        publish(cleared);
        announceIfParent(cleared);
    }

    private void command(AlarmCommand command) {
        Alarm alarm = alarms.get(command.serialNo());
        CommandResult result;
        if (alarm == null || !alarm.connectionId().equals(command.connectionId())) {
            result = CommandResult.refused(command,
                    Refusal.notFound("no alarm with serial number " + command.serialNo()), null);
        } else {
            AlarmCommands.Outcome outcome = AlarmCommands.apply(command, alarm, catalog.byId(alarm.alarmId()).orElse(null),
                    runbooks.forAlarm(alarm.alarmId()).orElse(null));
            if (outcome.changed() != null) {
                if (alarm.active() && !outcome.changed().active()) {
                    active.delete(activeKey(alarm.connectionId(), alarm.alarmId()));
                    retention.schedule(Long.toString(alarm.serialNo()), clock.instant().plus(clearedRetention));
                    announceIfParent(outcome.changed());
                }
                publish(outcome.changed());
            }
            result = outcome.result();
        }
        context.forward(new Record<String, Object>(command.id(), result, context.currentSystemTimeMs()), TO_COMMAND_RESULTS);
    }

    private void expireCleared() {
        for (DeadlineIndex.Due due : retention.takeDue(clock.instant(), 10_000)) {
            long serial = Long.parseLong(due.member());
            alarms.delete(serial);
            context.forward(new Record<String, Object>(due.member(), null, context.currentSystemTimeMs()), TO_ALARMS);
        }
    }

    private void publish(Alarm alarm) {
        byte[] json = alarms.put(alarm);
        String key = Long.toString(alarm.serialNo());
        // Record timestamps are the real time of writing, not the engine clock (which tests move
        // by days): a broker refuses timestamps far ahead of its own clock.
        long now = context.currentSystemTimeMs();
        context.forward(new Record<String, Object>(key, json, now), TO_ALARMS);
        context.forward(new Record<String, Object>(key, AlarmChangeRecord.json(alarm, json), now), TO_ALARM_EVENTS);
    }

    private AlarmDefinition definition(int alarmId) {
        return catalog.byId(alarmId).orElseThrow(() ->
                new IllegalStateException("signal for alarm " + alarmId + ", which has no definition"));
    }

    static String activeKey(String connectionId, int alarmId) {
        return new AlarmKey(connectionId, alarmId).toString();
    }
}
