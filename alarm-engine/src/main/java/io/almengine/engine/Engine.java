package io.almengine.engine;

import io.almengine.api.ApiParts;
import io.almengine.api.CommandGateway;
import io.almengine.api.HttpApi;
import io.almengine.auth.TokenAdmin;
import io.almengine.auth.TokenRegistry;
import io.almengine.collect.LogBundles;
import io.almengine.collect.LogRoots;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.detect.RuleBook;
import io.almengine.ingest.EventParser;
import io.almengine.ingest.EventPublisher;
import io.almengine.kafka.BrokerProbe;
import io.almengine.kafka.CatchUpProbe;
import io.almengine.kafka.EmbeddedBroker;
import io.almengine.kafka.TopicMirror;
import io.almengine.kafka.TopicSetup;
import io.almengine.pipeline.AlarmPipeline;
import io.almengine.pipeline.PeerRouting;
import io.almengine.pipeline.Topics;
import io.almengine.runbook.CheckRunner;
import io.almengine.runbook.RunbookCatalog;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    /** Health notices a broker that is gone within about two seconds, and never blocks on it. */
    private static final Duration BROKER_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration BROKER_CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final EngineConfig config;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PipelineStats stats = new PipelineStats();
    private final AlarmView view = new AlarmView();
    private final TokenRegistry tokens = new TokenRegistry();
    private String bootstrap;
    private KafkaStreams streams;
    private BrokerProbe brokerProbe;
    private HttpApi api;
    private Path adminTokenFile;

    private Engine(EngineConfig config) {
        this.config = config;
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

    private void startParts() throws Exception {
        long t0 = System.nanoTime();
        // The operator's files first: a broken file stops the start before anything else runs.
        DefinitionCatalog catalog = DefinitionCatalog.load(config.definitionsDir(), config.runbooksDir());
        RunbookCatalog runbooks = RunbookCatalog.load(config.runbooksDir(), catalog);
        RuleBook rules = RuleBook.load(config.rulesDir());
        Files.createDirectories(config.dataDir());

        if (config.embeddedKafka()) {
            EmbeddedBroker broker = EmbeddedBroker.start(config.dataDir(), config.embeddedKafkaPort());
            started.push(broker);
            bootstrap = broker.bootstrap();
        } else {
            bootstrap = config.kafkaBootstrap();
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
                TopicSetup.Spec.retained(topics.commandResults(), Duration.ofHours(1).toMillis()),
                TopicSetup.Spec.compacted(topics.tokens())));
        brokerProbe = new BrokerProbe(admin, BROKER_CHECK_INTERVAL, BROKER_CHECK_TIMEOUT);
        started.push(brokerProbe);

        var tokenMirror = new TopicMirror(bootstrap, topics.tokens(), tokens::accept).start();
        started.push(tokenMirror);
        var alarmMirror = new TopicMirror(bootstrap, topics.alarms(), view::accept).start();
        started.push(alarmMirror);

        var parser = new EventParser(catalog, config.clock(), config.maxFutureSkew(), config.maxEventBytes());
        var catchUp = new CatchUpProbe(admin, config.applicationId(),
                List.of(topics.connectionEvents(), topics.rekeyedEvents()));
        var topology = AlarmPipeline.build(new AlarmPipeline.Parts(topics, catalog, rules, parser, config.clock(),
                config.sweepInterval(), config.clearedRetention(), catchUp, stats, runbooks));
        streams = new KafkaStreams(topology, StreamsProperties.of(config, bootstrap));
        // A stream thread that dies is replaced (at most 5 times in 10 minutes): a broker outage longer
        // than the task timeout must not leave the engine up but not working.
        streams.setUncaughtExceptionHandler(new ThreadRestarts(5, Duration.ofMinutes(10)));
        // Leaving the group on a clean stop hands the partitions over at once, to the other instances
        // or to this one's next start, instead of after the session timeout.
        started.push(() -> streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30))));
        streams.start();

        awaitOrFail(tokenMirror, "tokens");
        KafkaProducer<String, byte[]> producer = plainProducer();
        started.push(() -> producer.close(CLIENT_CLOSE_TIMEOUT));
        var tokenAdmin = new TokenAdmin(producer, topics.tokens(), tokens, config.clock());
        adminTokenFile = tokenAdmin.ensureAdminToken(config.dataDir().resolve("admin.token"));
        var publisher = new EventPublisher(bootstrap, topics.connectionEvents());
        started.push(publisher);

        var commands = new CommandGateway(bootstrap, topics.alarmCommands(), topics.commandResults(),
                Duration.ofSeconds(10), PeerRouting.of(catalog).groupedComponents());
        started.push(commands);

        var checks = new CheckRunner(config.checkTimeout(), config.clock());
        started.push(checks);
        LogRoots logRoots = LogRoots.of(config.logRoots());
        logRoots.ignored().forEach(r -> LOG.warn("log root {} ignored: {}", r.path(), r.reason()));
        var bundles = new LogBundles(config.dataDir().resolve("log-bundles"), logRoots, config.collect(),
                config.clock());
        started.push(bundles);

        awaitOrFail(alarmMirror, "alarms");
        awaitRunning();
        api = new HttpApi(config.bind(), config.httpPort(), new ApiParts(tokens, tokenAdmin, view, catalog, parser,
                publisher, commands, config.clock(), config.maxBodyBytes(), this::health, runbooks, checks,
                bundles)).start();
        started.push(api);
        LOG.info("started in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /** The line operators and scripts wait for. */
    public String readyLine() {
        return "ALM engine ready: http://" + api.host() + ":" + api.port() + " kafka=" + bootstrap;
    }

    public HttpApi.Health health() {
        KafkaStreams.State state = streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
        boolean running = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        boolean brokerUp = brokerProbe != null && brokerProbe.reachable();
        boolean up = running && brokerUp;
        var details = new LinkedHashMap<String, Object>();
        details.put("status", up ? "UP" : "DOWN");
        details.put("kafka", bootstrap);
        details.put("broker", brokerUp ? "reachable" : "unreachable: " + (brokerProbe == null ? "not checked"
                : brokerProbe.problem()));
        details.put("pipeline", state.name());
        details.put("partitions", ownedPartitions(running));
        details.put("alarms", view.size());
        details.put("eventsApplied", stats.eventsApplied());
        return new HttpApi.Health(up, details);
    }

    /** The partitions whose connections this instance tracks now (its active tasks). */
    private List<Integer> ownedPartitions(boolean running) {
        var partitions = new ArrayList<Integer>();
        if (running) {
            try {
                for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                    thread.activeTasks().forEach(task -> partitions.add(task.taskId().partition()));
                }
            } catch (IllegalStateException e) {
                // stopping meanwhile: no partitions
            }
        }
        partitions.sort(null);
        return partitions;
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

    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not start: " + streams.state());
            }
            Thread.sleep(50);
        }
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
