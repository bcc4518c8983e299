package io.almengine.engine;

import io.almengine.api.ApiParts;
import io.almengine.api.CommandGateway;
import io.almengine.api.CommandMetrics;
import io.almengine.api.HttpApi;
import io.almengine.api.Operations;
import io.almengine.api.Streamed;
import io.almengine.auth.TokenAdmin;
import io.almengine.auth.TokenRegistry;
import io.almengine.collect.LogBundles;
import io.almengine.collect.LogRoots;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.detect.DetectProcessor;
import io.almengine.detect.PeerRouting;
import io.almengine.detect.RuleBook;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventPublisher;
import io.almengine.kafka.BrokerProbe;
import io.almengine.kafka.CatchUpProbe;
import io.almengine.kafka.EmbeddedBroker;
import io.almengine.kafka.TopicMirror;
import io.almengine.kafka.TopicSetup;
import io.almengine.metrics.MetricsRegistry;
import io.almengine.notify.AlarmNotices;
import io.almengine.notify.AttemptWriter;
import io.almengine.notify.Backoff;
import io.almengine.notify.NotificationDesk;
import io.almengine.notify.NotificationLog;
import io.almengine.notify.NotificationSender;
import io.almengine.notify.Notifications;
import io.almengine.notify.NotificationsFile;
import io.almengine.notify.NotifySettings;
import io.almengine.notify.NotifyMetrics;
import io.almengine.notify.NotifyTopology;
import io.almengine.notify.northbound.PeriodicSender;
import io.almengine.notify.receivers.StandardReceivers;
import io.almengine.pipeline.AlarmPipeline;
import io.almengine.pipeline.Topics;
import io.almengine.runbook.CheckRunner;
import io.almengine.runbook.RunbookCatalog;
import io.almengine.silence.SilenceAdmin;
import io.almengine.silence.SilenceMetrics;
import io.almengine.silence.Suppressions;
import io.almengine.view.AlarmMetrics;
import io.almengine.view.AlarmView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running engine. {@link #start} brings the parts up in dependency order and, if any part
 * fails, closes what was already started before rethrowing.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How often a start that waits for its pipeline says what it is waiting for. */
    private static final Duration WAITING_LOG_INTERVAL = Duration.ofSeconds(30);
    /** How long a rebalance may last, and the pipeline must run after a thread failure, before health trusts it. */
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final Duration THREAD_FAILURE_WINDOW = Duration.ofMinutes(10);
    /** Health notices a broker that is gone within about two seconds, and never blocks on it. */
    private static final Duration BROKER_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EngineConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PipelineStats stats = new PipelineStats();
    private final PipelineHealth pipelineHealth = new PipelineHealth(SETTLE, THREAD_FAILURE_WINDOW, System::nanoTime);
    private final Suppressions suppressions = new Suppressions();
    private final AlarmView view;
    private final TokenRegistry tokens = new TokenRegistry();
    private String bootstrap;
    private KafkaStreams streams;
    private BrokerProbe brokerProbe;
    private HttpApi api;
    private Path adminTokenFile;
    private MetricsRegistry metrics;
    private ConfigStatus configStatus;
    /** What a new pipeline is built from besides the operator's files: the same for every reload. */
    private PipelineParts pipelineParts;
    private AutoCloseable streamsMetrics;
    private ApiParts apiParts;
    /** The components whose clients are grouped on one partition at start: a reload may not change them. */
    private java.util.Set<String> routingGroups;

    /** The notification stage's part of the topology, added to every new pipeline; null without notifications. */
    private NotifyTopology.Parts notifyParts;
    private NotificationLog notificationLog;
    /** The base of the links in messages: the engine's own address is known only once it serves. */
    private java.util.function.Supplier<String> externalUrl;
    private PeriodicSender periodic;
    private int routePartitions;

    private record PipelineParts(Topics topics, DetectProcessor.CatchUp catchUp, int partitions, RecordFailures failures,
                                 String instanceId, LocalState localState) {
    }

    private Engine(EngineConfig config) {
        this.config = config;
        this.view = new AlarmView(suppressions::masked,
                alarm -> !suppressions.silencedBy(alarm, config.clock().instant()).isEmpty());
    }

    public static Engine start(EngineConfig config) throws Exception {
        var engine = new Engine(config);
        try {
            engine.startParts();
            return engine;
        } catch (Exception | Error e) {
            engine.close();
            throw e;
        }
    }

    /** A rule that compiles may still read a setting its definition does not declare: tried once here. */
    private static RuleBook checked(RuleBook rules, DefinitionCatalog catalog) {
        rules.tryOnSamples(catalog.all());
        return rules;
    }

    private void startParts() throws Exception {
        long t0 = System.nanoTime();
        // Ports first: a second engine started while one runs stops here, in a second, with one line.
        if (config.embeddedKafka()) {
            ensureFree(PortInUseException.Listener.EMBEDDED_KAFKA, EmbeddedBroker.HOST, config.embeddedKafkaPort());
        }
        ensureFree(PortInUseException.Listener.HTTP, config.bind(), config.httpPort());
        // Compiling the rules takes seconds: the definitions and runbooks are read and validated, and the
        // embedded broker starts, meanwhile, since a restart after a crash is waited for. A broken rule
        // file still stops the start, once it is known.
        CompletableFuture<RuleBook> compiling = CompletableFuture.supplyAsync(() -> {
            long compileStart = System.nanoTime();
            RuleBook book = RuleBook.load(config.rulesDir());
            LOG.info("rules compiled in {} ms", (System.nanoTime() - compileStart) / 1_000_000);
            return book;
        }, task -> {
                    Thread thread = new Thread(task, "compile-rules");
                    thread.setDaemon(true);
                    thread.start();
                });
        // The operator's other files: a broken file stops the start before anything else runs.
        DefinitionCatalog catalog = DefinitionCatalog.load(config.definitionsDir(), config.runbooksDir());
        RunbookCatalog runbooks = RunbookCatalog.load(config.runbooksDir(), catalog);
        configStatus = new ConfigStatus(OperatorFiles.hash(folders()), config.clock().instant());
        Notifications notifications = NotificationsFile.load(config.notifications().file(),
                config.notifications().fileRequired(), System.getenv(), StandardReceivers.all(config.clock()));
        // The rules are known good before anything is written or any Kafka client connects (only the
        // embedded broker's start may overlap their compilation).
        RuleBook rules = config.embeddedKafka() ? null : checked(result(compiling), catalog);
        Files.createDirectories(config.dataDir());

        if (config.embeddedKafka()) {
            long brokerStart = System.nanoTime();
            EmbeddedBroker broker;
            try {
                broker = EmbeddedBroker.start(config.dataDir(), config.embeddedKafkaPort());
            } catch (Exception e) {
                throw inUseOr(e, PortInUseException.Listener.EMBEDDED_KAFKA, EmbeddedBroker.HOST,
                        config.embeddedKafkaPort());
            }
            LOG.info("embedded broker started in {} ms", (System.nanoTime() - brokerStart) / 1_000_000);
            started.push(broker);
            bootstrap = broker.bootstrap();
        } else {
            bootstrap = config.kafkaBootstrap();
        }
        if (rules == null) {
            rules = checked(result(compiling), catalog);
        }
        Topics topics = config.topics();
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        // Kafka clients close with a bound: a stop while the broker is gone must not wait for it forever.
        started.push(() -> admin.close(CLIENT_CLOSE_TIMEOUT));
        TopicSetup.ensure(admin, config.partitions(), List.of(
                TopicSetup.Spec.partitioned(topics.connectionEvents()),
                TopicSetup.Spec.partitioned(topics.rekeyedEvents()),
                TopicSetup.Spec.partitioned(topics.deadLetters()),
                TopicSetup.Spec.compacted(topics.alarms()),
                TopicSetup.Spec.retained(topics.alarmEvents(), config.clearedRetention().toMillis()),
                TopicSetup.Spec.partitioned(topics.alarmCommands()),
                TopicSetup.Spec.partitioned(topics.serverClients()),
                TopicSetup.Spec.partitioned(topics.serverAlarms()),
                TopicSetup.Spec.partitioned(topics.correlations()),
                TopicSetup.Spec.retained(topics.commandResults(), Duration.ofHours(1).toMillis()),
                TopicSetup.Spec.compacted(topics.tokens()),
                TopicSetup.Spec.compacted(topics.silences()),
                TopicSetup.Spec.compacted(topics.masks()),
                TopicSetup.Spec.partitioned(topics.notificationRoutes()),
                TopicSetup.Spec.retained(topics.notificationAttempts(), config.clearedRetention().toMillis())));
        brokerProbe = new BrokerProbe(admin, BROKER_CHECK_INTERVAL, BROKER_CHECK_TIMEOUT);
        started.push(brokerProbe);

        var tokenMirror = new TopicMirror(bootstrap, topics.tokens(), tokens::accept).start();
        started.push(tokenMirror);
        // Silences and masks before the alarms: an alarm is shelved as masked or not when it arrives.
        var silenceMirror = new TopicMirror(bootstrap, topics.silences(), suppressions::acceptSilence).start();
        started.push(silenceMirror);
        var maskMirror = new TopicMirror(bootstrap, topics.masks(), suppressions::acceptMask).start();
        started.push(maskMirror);
        suppressions.onMaskChange(view::remask);
        var alarmMirror = new TopicMirror(bootstrap, topics.alarms(), view::accept).start();
        started.push(alarmMirror);

        var parser = new EventParser(catalog, config.clock(), config.maxFutureSkew(), config.maxEventBytes());
        var offsets = new CatchUpProbe(admin, config.applicationId(),
                List.of(topics.connectionEvents(), topics.rekeyedEvents()));
        var catchUp = DetectProcessor.CatchUp.of(offsets::begin, offsets::caughtUp);
        int partitions = TopicSetup.sharedPartitionCount(admin, List.of(topics.connectionEvents(),
                topics.rekeyedEvents()));
        pipelineParts = new PipelineParts(topics, catchUp, partitions, new RecordFailures(topics.deadLetters(), stats),
                // Who this instance is, across restarts: its group membership and its transactional ids.
                InstanceId.of(config.dataDir()),
                new LocalState(StreamsProperties.stateDir(config).resolve(config.applicationId())));
        routingGroups = PeerRouting.of(catalog).groupedComponents();
        metrics = new MetricsRegistry();
        started.push(metrics);
        notificationLog = notifications(notifications, catalog, admin);
        streams = newStreams(catalog, rules, runbooks, parser);
        // Streams has locked its state folder by now: no other instance uses it.
        pipelineParts.localState().prepareForStart();
        // Leaving the group on a clean stop hands the partitions over at once, to the other instances
        // or to this one's next start, instead of after the session timeout.
        started.push(() -> {
            if (streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)))) {
                pipelineParts.localState().markCleanStop();
            }
        });
        AlarmMetrics.register(view, metrics.registry());
        SilenceMetrics.register(suppressions, config.clock(), metrics.registry());
        configStatus.register(metrics.registry());
        PipelineMetrics.register(metrics.registry(), stats, () -> streams, () -> health().up(), this::sweepLag);
        streamsMetrics = PipelineMetrics.bindStreams(metrics.registry(), streams);
        started.push(() -> streamsMetrics.close());
        streams.start();

        awaitOrFail(tokenMirror, "tokens");
        KafkaProducer<String, byte[]> producer = plainProducer();
        started.push(() -> producer.close(CLIENT_CLOSE_TIMEOUT));
        var tokenAdmin = new TokenAdmin(producer, topics.tokens(), tokens, config.clock());
        adminTokenFile = tokenAdmin.ensureAdminToken(config.dataDir().resolve("admin.token"));
        var publisher = new EventPublisher(bootstrap, topics.connectionEvents(), pipelineParts.instanceId());
        started.push(publisher);

        var gateway = new CommandGateway(bootstrap, topics.alarmCommands(), topics.commandResults(),
                Duration.ofSeconds(10), PeerRouting.of(catalog).groupedComponents());
        started.push(gateway);
        var commands = new CommandMetrics(gateway, metrics.registry());

        var checks = new CheckRunner(config.checkTimeout(), config.clock());
        started.push(checks);
        LogRoots logRoots = LogRoots.of(config.logRoots());
        logRoots.ignored().forEach(r -> LOG.warn("log root {} ignored: {}", r.path(), r.reason()));
        var bundles = new LogBundles(config.dataDir().resolve("log-bundles"), logRoots, config.collect(),
                config.clock());
        started.push(bundles);

        awaitOrFail(silenceMirror, "silences");
        awaitOrFail(maskMirror, "masks");
        awaitOrFail(alarmMirror, "alarms");
        var silenceAdmin = new SilenceAdmin(producer, topics.silences(), topics.masks(), suppressions, config.clock());
        apiParts = new ApiParts(tokens, tokenAdmin, view, catalog, parser, publisher, commands, config.clock(),
                config.maxBodyBytes(), this::health, runbooks, checks, bundles, suppressions, silenceAdmin,
                notificationLog == null ? NotificationDesk.NONE : notificationLog);
        var http = new HttpApi(config.bind(), config.httpPort(), apiParts,
                new Operations(new Streamed(MetricsRegistry.CONTENT_TYPE, null, metrics::scrape), this::reload));
        try {
            api = http.start();
        } catch (Exception e) {
            http.close();
            throw inUseOr(e, PortInUseException.Listener.HTTP, config.bind(), config.httpPort());
        }
        started.push(api);
        // Serving before the pipeline runs: an instance that waits for its consumer group says so on
        // /api/health (DOWN, with the reason) instead of being silent, or giving up.
        LOG.info("serving http://{}:{}; waiting for the pipeline to process its partitions", api.host(), api.port());
        awaitRunning();
        LOG.info("started in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Prepares the notification stage when notifications.yaml has routes: its part of every pipeline
     * ({@link #notifyParts}), its sender threads, the writer of attempts and their log; {@code null}
     * when there is nothing to notify.
     */
    private NotificationLog notifications(Notifications notifications, DefinitionCatalog catalog, Admin admin)
            throws Exception {
        if (!notifications.enabled()) {
            return null;
        }
        Topics topics = config.topics();
        NotifySettings settings = config.notifications();
        // A receiver's outcomes must reach the task that keeps its outbox: both topics are keyed by
        // receiver, so they must have the same number of partitions (checked, as the events' are).
        routePartitions = TopicSetup.sharedPartitionCount(admin,
                List.of(topics.notificationRoutes(), topics.notificationAttempts()));
        var attempts = new AttemptWriter(bootstrap, topics.notificationAttempts());
        started.push(attempts);
        var threads = java.util.concurrent.Executors.newFixedThreadPool(settings.senderThreads(), new ThreadFactory() {
            private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "notify-send-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        });
        started.push(threads::shutdownNow);
        var sender = new NotificationSender(threads, attempts, config.clock(),
                new NotifyMetrics(metrics.registry()).forReceivers(notifications));
        externalUrl = () -> settings.externalUrl() != null ? settings.externalUrl()
                : api == null ? "http://" + config.bind() + ":" + config.httpPort() : "http://" + api.host() + ":" + api.port();
        var notices = new AlarmNotices(catalog, externalUrl);
        notifyParts = new NotifyTopology.Parts(new NotifyTopology.TopicNames(topics.alarmEvents(),
                topics.alarmCommands(), topics.notificationRoutes(), topics.notificationAttempts()), notifications, notices, sender,
                new Backoff(settings.retryFirst(), settings.retryMax()), config.clock(), config.sweepInterval(),
                catchUpOn(admin, topics.notificationAttempts()),
                settings.inFlightTimeout(), PeerRouting.of(catalog), suppressions);
        var log = new NotificationLog(notifications, sender, notices, config.clock());
        var mirror = new TopicMirror(bootstrap, topics.notificationAttempts(), log::accept).start();
        started.push(mirror);
        periodic = periodicSender(notifications, notices);
        started.push(() -> periodic.close());
        LOG.info("notifications: {} receivers from {}", notifications.receivers().size(), notifications.file());
        return log;
    }

    /** Northbound re-reports and heartbeats, from the instance whose pipeline owns the receiver. */
    private PeriodicSender periodicSender(Notifications notifications, AlarmNotices notices) {
        String routes = config.topics().notificationRoutes();
        return new PeriodicSender(notifications, notices, view::all, suppressions,
                receiver -> ownsPartition(routes, Utils.toPositive(Utils.murmur2(
                        receiver.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % routePartitions),
                config.clock()).start(config.sweepInterval());
    }

    /** Whether this instance's pipeline processes {@code partition} of {@code topic} now. */
    private boolean ownsPartition(String topic, int partition) {
        KafkaStreams running = streams;
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            return false;
        }
        var wanted = new org.apache.kafka.common.TopicPartition(topic, partition);
        return running.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .anyMatch(task -> task.topicPartitions().contains(wanted));
    }

    /** Throws {@link PortInUseException} when something listens on {@code host:port} already (0: any free port). */
    private static void ensureFree(PortInUseException.Listener listener, String host, int port) {
        if (port == 0) {
            return;
        }
        try (var socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true); // as Kafka and Jetty bind: a closed engine's lingering connections do not count
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.net.BindException e) {
            throw new PortInUseException(listener, host, port, e);
        } catch (java.io.IOException | RuntimeException e) {
            // Not a port in use (an address this host lacks, say): the listener itself will say what is wrong.
        }
    }

    /**
     * A listener taken between the check and the start still reads as one line: {@code failure}
     * as a {@link PortInUseException} when a bind failed on the way, as it is otherwise.
     */
    private static Exception inUseOr(Exception failure, PortInUseException.Listener listener, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return new PortInUseException(listener, host, port, failure);
            }
        }
        return failure;
    }

    /** The line operators and scripts wait for. */
    public String readyLine() {
        return "ALM engine ready: http://" + api.host() + ":" + api.port() + " kafka=" + bootstrap;
    }

    public HttpApi.Health health() {
        KafkaStreams.State state = streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        boolean brokerUp = brokerProbe != null && brokerProbe.reachable();
        PipelineHealth.Verdict pipeline = pipelineHealth.assess(liveThreads(running), config.streams().threads());
        boolean up = pipeline.up() && brokerUp;
        var details = new LinkedHashMap<String, Object>();
        details.put("status", up ? "UP" : "DOWN");
        if (!up) {
            details.put("reason", brokerUp ? pipeline.reason() : "Kafka is unreachable: " + (brokerProbe == null
                    ? "not checked yet" : brokerProbe.problem()));
        }
        details.put("kafka", bootstrap);
        details.put("broker", brokerUp ? "reachable" : "unreachable: " + (brokerProbe == null ? "not checked"
                : brokerProbe.problem()));
        details.put("pipeline", state.name());
        details.put("partitions", ownedPartitions(running));
        details.put("threadFailures", pipelineHealth.recentFailures());
        details.put("alarms", view.size());
        details.put("eventsApplied", stats.eventsApplied());
        details.put("deadLetters", stats.deadLetters());
        details.put("recordErrors", stats.recordErrors());
        if (configStatus != null) {
            details.putAll(configStatus.healthDetails());
        }
        return new HttpApi.Health(up, details);
    }

    /** The pipeline on the operator's files, with health and thread replacement wired; not started. */
    private KafkaStreams newStreams(DefinitionCatalog catalog, RuleBook rules, RunbookCatalog runbooks,
                                    EventParser parser) {
        PipelineParts p = pipelineParts;
        var topology = AlarmPipeline.build(new AlarmPipeline.Parts(p.topics(), catalog, rules, parser, config.clock(),
                config.sweepInterval(), config.allowedLateness(), config.clearedRetention(), p.catchUp(), stats, runbooks,
                p.partitions(), stats));
        if (notifyParts != null) {
            NotifyTopology.addTo(topology, notifyParts);
        }
        var created = new KafkaStreams(topology, StreamsProperties.of(config, bootstrap, p.instanceId(), p.failures()));
        created.setStateListener(pipelineHealth);
        // A stream thread that dies is replaced (at most 5 times in 10 minutes): a broker outage longer
        // than the task timeout must not leave the engine up but not working. Health follows each failure.
        created.setUncaughtExceptionHandler(new ThreadRestarts(5, THREAD_FAILURE_WINDOW,
                p.failures()::causedBySkippedRecord, pipelineHealth::threadFailed));
        return created;
    }

    /**
     * Re-reads definitions, rules, runbooks and notifications (POST /api/admin/reload, SIGHUP), all or nothing. The
     * new set is read, validated and compiled completely while the old one runs; only if all of it is
     * valid is it swapped in: the pipeline is stopped and started again on the new files, keeping its
     * place in the consumer group (static membership: same partitions, no rebalance) and every state
     * store (connection state, deadlines, alarms are in local stores backed by changelogs, so nothing
     * is lost or replayed twice under exactly-once), and the API serves the new definitions and
     * runbooks. Otherwise nothing changes and the problems are returned (and shown by health and metrics).
     */
    public synchronized Operations.Outcome reload() {
        var problems = new ArrayList<String>();
        OperatorFiles files = null;
        try {
            files = OperatorFiles.load(folders());
        } catch (OperatorFiles.InvalidFilesException e) {
            problems.addAll(e.problems());
        }
        Notifications nextNotifications = null;
        try {
            nextNotifications = NotificationsFile.load(config.notifications().file(),
                    config.notifications().fileRequired(), System.getenv(), StandardReceivers.all(config.clock()));
        } catch (InvalidDefinitionsException e) {
            e.errors().forEach(error -> problems.add(error.toString()));
        }
        if (!problems.isEmpty()) {
            return refused(problems);
        }
        if (nextNotifications.enabled() != (notifyParts != null)) {
            // The stage's threads, topics and log are set up at start: switching it on or off takes one.
            return refused(List.of(config.notifications().file() + ": turning notifications "
                    + (nextNotifications.enabled() ? "on" : "off") + " takes a restart of the engine"));
        }
        java.util.Set<String> grouped = PeerRouting.of(files.catalog()).groupedComponents();
        if (!grouped.equals(routingGroups)) {
            return refused(List.of(config.definitionsDir() + ": peers: the components whose clients are grouped"
                    + " would change from " + new java.util.TreeSet<>(routingGroups) + " to "
                    + new java.util.TreeSet<>(grouped) + "; that moves connections between partitions: restart the"
                    + " engine (every instance) instead"));
        }
        long t0 = System.nanoTime();
        var parser = new EventParser(files.catalog(), config.clock(), config.maxFutureSkew(), config.maxEventBytes());
        try {
            streamsMetrics.close();
            // Static membership: a member that closes without leaving and comes back under the same id
            // keeps its partitions, without a rebalance of the others.
            if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                    .withTimeout(Duration.ofSeconds(30)))) {
                throw new IllegalStateException("the pipeline did not stop within 30 s");
            }
            pipelineParts.localState().markCleanStop();
            AlarmNotices notices = null;
            if (notifyParts != null) {
                NotifyTopology.Parts p = notifyParts;
                notices = new AlarmNotices(files.catalog(), externalUrl);
                notifyParts = new NotifyTopology.Parts(p.topics(), nextNotifications, notices, p.sender(), p.backoff(),
                        p.clock(), p.tick(), p.attemptsRead(), p.inFlightTimeout(), p.commandRouting(), p.suppressions());
            }
            streams = newStreams(files.catalog(), files.rules(), files.runbooks(), parser);
            pipelineParts.localState().prepareForStart();
            streamsMetrics = PipelineMetrics.bindStreams(metrics.registry(), streams);
            streams.start();
            api.reload(new ApiParts(apiParts.tokens(), apiParts.tokenAdmin(), view, files.catalog(), parser,
                    apiParts.publisher(), apiParts.commands(), apiParts.clock(), apiParts.maxBodyBytes(),
                    apiParts.health(), files.runbooks(), apiParts.checks(), apiParts.bundles(), apiParts.suppressions(),
                    apiParts.silenceAdmin(), apiParts.notifications()));
            if (notices != null) {
                notificationLog.reloaded(nextNotifications);
                periodic.close();
                periodic = periodicSender(nextNotifications, notices);
            }
            awaitRunning();
        } catch (Exception e) {
            // The files were valid: what failed is the pipeline's restart, which health reports.
            LOG.error("reload: restarting the pipeline on the new files failed", e);
            throw new IllegalStateException("reload: restarting the pipeline failed: " + e.getMessage(), e);
        }
        configStatus.reloaded(files.hash(), config.clock().instant());
        LOG.info("reloaded definitions, rules, runbooks and notifications in {} ms; config hash {}",
                (System.nanoTime() - t0) / 1_000_000, files.hash());
        return new Operations.Outcome(files.hash(), List.of());
    }

    private Operations.Outcome refused(List<String> problems) {
        configStatus.reloadFailed(problems, config.clock().instant());
        LOG.warn("reload refused, still running config {}:\n  {}", configStatus.hash(), String.join("\n  ", problems));
        return new Operations.Outcome(configStatus.hash(), problems);
    }

    /** How far behind the engine's clock the slowest owned partition's deadline sweep is (zero before any sweep). */
    private Duration sweepLag() {
        boolean running = streams != null && (streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING);
        Map<Integer, java.time.Instant> swept = stats.sweptUpTo();
        java.time.Instant now = config.clock().instant();
        Duration lag = Duration.ZERO;
        for (int partition : ownedPartitions(running)) {
            java.time.Instant upTo = swept.get(partition);
            if (upTo != null && Duration.between(upTo, now).compareTo(lag) > 0) {
                lag = Duration.between(upTo, now);
            }
        }
        return lag;
    }

    private OperatorFiles.Folders folders() {
        return new OperatorFiles.Folders(config.definitionsDir(), config.rulesDir(), config.runbooksDir(),
                config.notifications().file());
    }

    /** Stream threads of this instance that are not dying or dead. */
    private int liveThreads(boolean running) {
        if (!running) {
            return 0;
        }
        try {
            return (int) streams.metadataForLocalThreads().stream()
                    .filter(t -> !t.threadState().equals("DEAD") && !t.threadState().equals("PENDING_SHUTDOWN"))
                    .count();
        } catch (IllegalStateException e) {
            return 0; // stopping meanwhile
        }
    }

    /** The partitions whose connections this instance tracks now (its active tasks). */
    /**
     * The partitions this instance processes, each once: the topology has a task per partition for
     * each of its sub-topologies (the stages joined through topics: detection, correlation,
     * notifications), all of one partition number meaning the same part of the fleet.
     */
    private List<Integer> ownedPartitions(boolean running) {
        var partitions = new TreeSet<Integer>();
        if (running) {
            try {
                for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                    thread.activeTasks().forEach(task -> partitions.add(task.taskId().partition()));
                }
            } catch (IllegalStateException e) {
                // stopping meanwhile: no partitions
            }
        }
        return List.copyOf(partitions);
    }

    public AlarmView alarms() {
        return view;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public int httpPort() {
        return api.port();
    }

    public Path adminTokenFile() {
        return adminTokenFile;
    }

    public PipelineStats stats() {
        return stats;
    }

    private KafkaProducer<String, byte[]> plainProducer() {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Waits for the pipeline to process its partitions, however long its consumer group takes (a
     * group may wait for members that died in the middle of a rebalance), saying what it waits for
     * now and then; fails only if the pipeline stopped.
     */
    private void awaitRunning() throws InterruptedException {
        long nextLog = System.nanoTime() + WAITING_LOG_INTERVAL.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                    || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the pipeline did not start: " + health().details().get("reason"));
            }
            if (System.nanoTime() > nextLog) {
                LOG.warn("still waiting for the pipeline: {}", health().details().get("reason"));
                nextLog = System.nanoTime() + WAITING_LOG_INTERVAL.toNanos();
            }
            Thread.sleep(50);
        }
    }

    /** The future's value, or what it failed with (a broken rule file's own exception). */
    private static <T> T result(CompletableFuture<T> future) throws Exception {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Whether a task has read what {@code topic} held when the task started, as detection asks it. */
    private DetectProcessor.CatchUp catchUpOn(Admin admin, String topic) {
        var offsets = new CatchUpProbe(admin, config.applicationId(), List.of(topic));
        return DetectProcessor.CatchUp.of(offsets::begin, offsets::caughtUp);
    }

    private static void awaitOrFail(TopicMirror mirror, String what) throws InterruptedException {
        if (!mirror.awaitCaughtUp(START_TIMEOUT)) {
            throw new IllegalStateException("could not read the " + what + " topic within " + START_TIMEOUT);
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
