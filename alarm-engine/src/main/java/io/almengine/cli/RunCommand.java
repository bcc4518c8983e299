package io.almengine.cli;

import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.detect.InvalidRulesException;
import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.engine.PortInUseException;
import io.almengine.engine.StreamsTuning;
import io.almengine.pipeline.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: starts the engine and serves until stopped (Ctrl-C or SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the engine: embedded Kafka unless --kafka-bootstrap is given, API and console on HTTP.")
final class RunCommand implements Callable<Integer> {

    private static final EngineConfig DEFAULTS = EngineConfig.defaults();

    @Option(names = "--http-port", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int httpPort = DEFAULTS.httpPort();

    @Option(names = "--bind", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String bind = DEFAULTS.bind();

    @Option(names = "--data-dir", description = "embedded Kafka data, pipeline state, admin token (default: ${DEFAULT-VALUE})")
    Path dataDir = DEFAULTS.dataDir();

    @Mixin
    OperatorFolderOptions folders = new OperatorFolderOptions();

    @Option(names = "--notifications", paramLabel = "FILE",
            description = "receivers and routes of notifications (default: notifications/notifications.yaml in the"
                    + " repository's folders; without that file, no notifications)")
    Path notifications;

    @Option(names = "--external-url", paramLabel = "URL",
            description = "the base of every link in a notification (default: the engine's own address)")
    String externalUrl;

    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT",
            description = "use this Kafka cluster instead of starting the embedded broker")
    String kafkaBootstrap;

    @Option(names = "--embedded-kafka-port", description = "port of the embedded broker; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int embeddedKafkaPort = DEFAULTS.embeddedKafkaPort();

    @Option(names = "--log-roots", split = ",", paramLabel = "DIR",
            description = "the only folders the log-bundle collector may read (default: none, so no log is read)")
    List<Path> logRoots = DEFAULTS.logRoots();

    @Option(names = "--partitions", description = "partitions of the engine's topics when it creates them (default: ${DEFAULT-VALUE})")
    int partitions = DEFAULTS.partitions();

    @Option(names = "--topic-prefix", description = "prefix of every topic name, to run several independent engines on one cluster (default: none)")
    String topicPrefix = DEFAULTS.topics().prefix();

    @Option(names = "--application-id", description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE})")
    String applicationId = DEFAULTS.applicationId();

    @Option(names = "--cleared-retention", description = "how long cleared alarms stay in alm.alarms, ISO-8601 (default: ${DEFAULT-VALUE})")
    java.time.Duration clearedRetention = DEFAULTS.clearedRetention();

    @Option(names = "--allowed-lateness", description = "how long past a deadline, by the engine's clock, an event"
            + " may still arrive and cancel it when no reporter's watermark vouches for the link (also how long a"
            + " reporter may go without a watermark); each second delays those raises by a second, ISO-8601"
            + " (default: ${DEFAULT-VALUE})")
    java.time.Duration allowedLateness = DEFAULTS.allowedLateness();

    @Option(names = "--stream-threads", description = "Kafka Streams threads of this instance (default: ${DEFAULT-VALUE})")
    int streamThreads = DEFAULTS.streams().threads();

    @Option(names = "--standby-replicas", description = "warm copies of each partition's state on other instances;"
            + " 1 when running several instances fails over without a restore (default: ${DEFAULT-VALUE})")
    int standbyReplicas = DEFAULTS.streams().standbyReplicas();

    @Option(names = "--session-timeout", description = "how long the group waits for a silent instance before its"
            + " partitions move to the others, ISO-8601, PT6S to PT30M (default: ${DEFAULT-VALUE})")
    java.time.Duration sessionTimeout = DEFAULTS.streams().sessionTimeout();

    @Override
    public Integer call() throws Exception {
        if (partitions < 1 || partitions > 1000) {
            System.err.println("--partitions must be from 1 to 1000, not " + partitions);
            return 2;
        }
        if (allowedLateness.isNegative()) {
            System.err.println("--allowed-lateness must not be negative, not " + allowedLateness);
            return 2;
        }
        StreamsTuning streams;
        try {
            streams = DEFAULTS.streams().withThreads(streamThreads).withStandbyReplicas(standbyReplicas)
                    .withSessionTimeout(sessionTimeout);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        EngineConfig config = DEFAULTS.toBuilder()
                .httpPort(httpPort).bind(bind).dataDir(dataDir)
                .definitionsDir(folders.definitions).rulesDir(folders.rules).runbooksDir(folders.runbooks)
                .kafkaBootstrap(kafkaBootstrap).embeddedKafkaPort(embeddedKafkaPort)
                .logRoots(logRoots).partitions(partitions)
                .topics(new Topics(topicPrefix)).applicationId(applicationId)
                .clearedRetention(clearedRetention)
                .allowedLateness(allowedLateness)
                .streams(streams)
                .notifications(DEFAULTS.notifications().withFile(notifications == null ? DEFAULTS.notifications().file() : notifications,
                        notifications != null).withExternalUrl(externalUrl))
                .build();
        String exposure = exposureWarning(bind);
        if (exposure != null) {
            System.err.println(exposure);
        }
        Engine engine;
        try {
            engine = Engine.start(config);
        } catch (InvalidDefinitionsException | InvalidRulesException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (PortInUseException e) {
            String option = e.listener() == PortInUseException.Listener.HTTP ? "--http-port" : "--embedded-kafka-port";
            System.err.println("cannot start: " + e.getMessage() + "; stop it, or give this one another port with "
                    + option + " (0 picks a free one)");
            return 2;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "shutdown"));
        reloadOnHangUp(engine);
        System.out.println(engine.readyLine());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** SIGHUP re-reads definitions, rules and runbooks, as {@code POST /api/admin/reload} does, saying how it went. */
    private static void reloadOnHangUp(Engine engine) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                try {
                    var outcome = engine.reload();
                    if (outcome.loaded()) {
                        System.out.println("SIGHUP: reloaded; config hash " + outcome.configHash());
                    } else {
                        System.err.println("SIGHUP: reload refused, still running config " + outcome.configHash()
                                + ":\n  " + String.join("\n  ", outcome.errors()));
                    }
                } catch (RuntimeException e) {
                    System.err.println("SIGHUP: reload failed: " + e.getMessage());
                }
            });
        } catch (IllegalArgumentException e) {
            // No SIGHUP on this platform: POST /api/admin/reload still reloads.
        }
    }

    /**
     * One line when the API listens beyond this machine: it speaks plain HTTP, so bearer tokens and
     * alarms cross the network readable by anyone on the path. {@code null} for a loopback address.
     */
    static String exposureWarning(String bind) {
        try {
            if (java.net.InetAddress.getByName(bind).isLoopbackAddress()) {
                return null;
            }
        } catch (java.net.UnknownHostException e) {
            // not resolvable here: cannot be shown to be loopback, so warn
        }
        return "WARNING: --bind " + bind + " makes the API reachable from the network over plain HTTP (tokens"
                + " travel unencrypted); put a TLS proxy in front of it or bind 127.0.0.1";
    }
}
