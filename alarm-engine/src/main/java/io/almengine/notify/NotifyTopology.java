package io.almengine.notify;

import io.almengine.detect.DetectProcessor;
import io.almengine.kafka.JsonSerde;
import io.almengine.model.Json;
import io.almengine.silence.Suppressions;
import io.almengine.pipeline.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the notification stage to the engine's topology: {@code alm.alarm-events} → route →
 * {@code alm.notification-routes} (keyed by receiver) → group, outbox, send; attempts come back on
 * {@code alm.notification-attempts}, history goes to {@code alm.alarm-commands}.
 */
public final class NotifyTopology {

    private static final String ALARM_EVENTS = "notify-alarm-events";
    private static final String ROUTE = "notify-route";
    private static final String TO_ROUTES = "notify-to-routes";
    private static final String ROUTES = "notify-routes";
    private static final String ATTEMPTS = "notify-attempts";
    private static final String NOTIFY = "notify";

    /**
     * @param tick            how often groups and outboxes are looked at
     * @param attemptsRead    whether a task has read the attempts written before it started
     * @param commandRouting  the partitioner of {@code alm.alarm-commands} (an alarm's commands reach its owner)
     * @param suppressions    the silences, maintenance windows and masks that hold notifications back
     */
    public record Parts(TopicNames topics, Notifications notifications, AlarmNotices notices, NotificationSender sender,
                        Backoff backoff, Clock clock, Duration tick, DetectProcessor.CatchUp attemptsRead,
                        Duration inFlightTimeout, StreamPartitioner<String, Object> commandRouting,
                        Suppressions suppressions) {
    }

    /** The topics the stage reads and writes, as the engine's wiring names them. */
    public record TopicNames(String alarmEvents, String alarmCommands, String notificationRoutes,
                             String notificationAttempts) {
    }

    private NotifyTopology() {
    }

    public static void addTo(Topology topology, Parts parts) {
        addTo(topology, parts, Stores::persistentKeyValueStore);
    }

    public static void addTo(Topology topology, Parts parts, Function<String, KeyValueBytesStoreSupplier> stores) {
        if (!parts.notifications().enabled()) {
            return;
        }
        TopicNames topics = parts.topics();
        Serde<String> strings = Serdes.String();
        Serde<Object> json = new JsonSerde<>(Object.class, Json.MAPPER);
        topology.addSource(ALARM_EVENTS, strings.deserializer(), Serdes.ByteArray().deserializer(),
                topics.alarmEvents());
        topology.addProcessor(ROUTE, () -> new RouteProcessor(parts.notifications().route(), parts.notices()),
                ALARM_EVENTS);
        topology.addSink(TO_ROUTES, topics.notificationRoutes(), strings.serializer(), json.serializer(), ROUTE);

        topology.addSource(ROUTES, strings.deserializer(), new JsonSerde<>(Routed.class, Json.MAPPER).deserializer(),
                topics.notificationRoutes());
        topology.addSource(ATTEMPTS, strings.deserializer(), new JsonSerde<>(Attempt.class, Json.MAPPER).deserializer(),
                topics.notificationAttempts());
        topology.addProcessor(NOTIFY, () -> new NotifyProcessor(parts.notifications(), parts.notices(), parts.sender(),
                parts.backoff(), parts.clock(), parts.tick(), parts.attemptsRead(), parts.inFlightTimeout(), parts.suppressions()),
                ROUTES, ATTEMPTS);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.GROUPS_STORE), strings,
                new JsonSerde<>(GroupState.class, Json.MAPPER)), NOTIFY);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.MEMBERS_STORE), strings,
                new JsonSerde<>(Member.class, Json.MAPPER)), NOTIFY);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.FLUSHES_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), NOTIFY);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.OUTBOX_STORE), strings,
                new JsonSerde<>(Outgoing.class, Json.MAPPER)), NOTIFY);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.SEQUENCES_STORE), strings,
                Serdes.Long()), NOTIFY);
        topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(NotifyProcessor.WINDOWS_STORE), strings,
                new JsonSerde<>(SendWindow.class, Json.MAPPER)), NOTIFY);
        topology.addSink(NotifyProcessor.TO_COMMANDS, topics.alarmCommands(), strings.serializer(), json.serializer(),
                parts.commandRouting(), NOTIFY);
    }
}
