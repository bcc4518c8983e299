package io.almengine.testing;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.DetectProcessor;
import io.almengine.lifecycle.AlarmChangeRecord;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.Json;
import io.almengine.notify.AlarmNotices;
import io.almengine.notify.Attempt;
import io.almengine.notify.Backoff;
import io.almengine.notify.NotificationSender;
import io.almengine.notify.Notifications;
import io.almengine.notify.NotificationsFile;
import io.almengine.notify.NotifyTopology;
import io.almengine.notify.ReceiverTypes;
import io.almengine.detect.PeerRouting;
import io.almengine.pipeline.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;

/**
 * The notification stage alone ({@link NotifyTopology}) on Kafka Streams' {@link TopologyTestDriver},
 * fed alarm changes as the lifecycle writes them to {@code alm.alarm-events}, on a clock the test
 * moves. Messages are really sent (to the test's own HTTP servers), on the test's thread; their
 * attempts go round the attempts topic as the engine's do. Everything has happened when a call returns.
 */
public final class NotifyDriver implements AutoCloseable {

    public static final Instant T0 = EngineHarness.T0;
    /** The stage's punctuation interval: how far each clock move advances the driver's wall clock. */
    private static final Duration TICK = Duration.ofMillis(10);

    public final MutableClock clock;
    /** The silences and masks the stage consults; empty until a test adds some. */
    public final io.almengine.silence.Suppressions suppressions = new io.almengine.silence.Suppressions();
    private final Topics topics = new Topics("n.");
    private final Queue<Attempt> attempts = new ArrayDeque<>();
    private final List<Attempt> allAttempts = new ArrayList<>();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> alarmEvents;
    private final TestInputTopic<String, byte[]> attemptsTopic;
    private final TestOutputTopic<String, byte[]> commands;
    private final List<AlarmCommand> history = new ArrayList<>();

    /** The stage with {@code yaml} as its notifications.yaml, {@code ${NAME}} taken from {@code env}. */
    public NotifyDriver(String yaml, Map<String, String> env, Backoff backoff) {
        this(yaml, env, backoff, new MutableClock(T0));
    }

    /**
     * The stage with one webhook receiver, {@code ops-hook} at {@code url}, taking every alarm grouped
     * by {@code [alarmId, source]}; {@code routeExtras} are more lines of the root route (two spaces in).
     * Retries back off from 1 s to 1 min.
     */
    public static NotifyDriver toWebhook(String url, String routeExtras) {
        return new NotifyDriver("""
                receivers:
                  - name: ops-hook
                    webhook: {url: "%s"}
                route:
                  receiver: ops-hook
                  groupBy: [alarmId, source]
                %s
                """.formatted(url, routeExtras), Map.of(), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    /** The same, on {@code clock} (which the test's receivers may share, to say when they got a message). */
    public NotifyDriver(String yaml, Map<String, String> env, Backoff backoff, MutableClock clock) {
        this.clock = clock;
        Path file;
        try {
            file = Files.createTempFile("notifications", ".yaml");
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Notifications notifications = NotificationsFile.load(file, true, env, io.almengine.notify.receivers.StandardReceivers.all(java.time.Clock.systemUTC()));
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        var notices = new AlarmNotices(catalog, "http://alm.example:8080");
        var sender = new NotificationSender(Runnable::run, attempts::add, clock);
        var topology = new Topology();
        NotifyTopology.addTo(topology, new NotifyTopology.Parts(new NotifyTopology.TopicNames(topics.alarmEvents(),
                topics.alarmCommands(), topics.notificationRoutes(), topics.notificationAttempts()), notifications, notices, sender, backoff, clock,
                TICK, ALWAYS_READ, Duration.ofMinutes(5), PeerRouting.of(catalog), suppressions),
                Stores::inMemoryKeyValueStore);
        var props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "notify-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(topology, props, T0);
        alarmEvents = driver.createInputTopic(topics.alarmEvents(), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        attemptsTopic = driver.createInputTopic(topics.notificationAttempts(), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
        commands = driver.createOutputTopic(topics.alarmCommands(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static final DetectProcessor.CatchUp ALWAYS_READ = new DetectProcessor.CatchUp() {
        @Override
        public void begin(int partition) {
        }

        @Override
        public boolean caughtUp(int partition) {
            return true;
        }
    };

    /** The alarm as it is after {@code change}, as the lifecycle publishes it; routed when this returns. */
    public void change(String change, Alarm alarm) {
        alarmEvents.pipeInput(Long.toString(alarm.serialNo()), json(new AlarmChangeRecord(change, clock.instant(),
                Alarm.ENGINE, alarm)), clock.instant());
        settle();
    }

    public void raised(Alarm alarm) {
        change(AlarmChange.RAISED, alarm);
    }

    public void cleared(Alarm alarm) {
        change(AlarmChange.CLEARED, alarm);
    }

    /** Moves the clock and lets the stage run once at that time (flushes, sends, answers read back). */
    public void clockAt(Instant instant) {
        clock.set(instant);
        driver.advanceWallClockTime(TICK);
        settle();
    }

    /** The clock by steps of {@code step} up to {@code until}, the stage running at each. */
    public void runUntil(Instant until, Duration step) {
        for (Instant t = clock.instant().plus(step); !t.isAfter(until); t = t.plus(step)) {
            clockAt(t);
        }
    }

    /** Reads back every attempt the sender wrote, as the attempts topic would deliver them. */
    private void settle() {
        while (!attempts.isEmpty()) {
            Attempt attempt = attempts.poll();
            allAttempts.add(attempt);
            attemptsTopic.pipeInput(attempt.receiver(), json(attempt), clock.instant());
        }
    }

    public List<Attempt> attempts() {
        return List.copyOf(allAttempts);
    }

    /** The history commands the stage wrote to {@code alm.alarm-commands} so far. */
    public List<AlarmCommand> history() {
        for (var r : commands.readRecordsToList()) {
            try {
                history.add(Json.MAPPER.readValue(r.value(), AlarmCommand.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(history);
    }

    /** How many alarms the stage keeps in its groups, to be looked at again at their next flush. */
    public long membersKept() {
        var store = driver.<String, Object>getKeyValueStore(io.almengine.notify.NotifyProcessor.MEMBERS_STORE);
        try (var all = store.all()) {
            long n = 0;
            while (all.hasNext()) {
                all.next();
                n++;
            }
            return n;
        }
    }

    private static byte[] json(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
