package io.almengine.probe;

import io.almengine.model.ConnectionId;
import io.almengine.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar alm-probe.jar …}, and its alias {@code java -jar alarm-engine.jar probe …}:
 * watches listening ports on this host and publishes client connection events.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, version = "ALM probe 0.1.0",
        description = "Watch listening ports (/proc/net/tcp, tcp6) and publish CONNECTED / DISCONNECTED / HEARTBEAT "
                + "per client to Kafka or to an engine.")
public final class ProbeCommand implements Callable<Integer> {

    private static final ProbeConfig DEFAULTS = ProbeConfig.defaults();

    /** The probe's own jar: the same options, named as the jar is started. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProbeCommand()).setCommandName("alm-probe.jar").execute(args));
    }

    @Option(names = "--port", required = true, paramLabel = "N", split = ",",
            description = "listening port to watch; repeat or comma-separate for several")
    List<Integer> ports;

    @Option(names = "--component", required = true, description = "the events' component, e.g. flume")
    String component;

    @Option(names = "--source", required = true, description = "the events' source: the cluster name")
    String source;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT", description = "publish to this Kafka cluster")
        String kafkaBootstrap;

        @ArgGroup(exclusive = false)
        EngineApi engine;
    }

    static final class EngineApi {
        @Option(names = "--engine", required = true, paramLabel = "URL", description = "publish to this engine's /api/events")
        String url;

        @Option(names = "--token-file", required = true, paramLabel = "FILE",
                description = "file holding a bearer token with role operator or admin")
        Path tokenFile;
    }

    @Option(names = "--clients", paramLabel = "FILE", description = "client mapping (YAML): IP → client and sink names")
    Path clients;

    @Option(names = "--server-host", description = "the events' serverHost (default: this host's name, ${DEFAULT-VALUE})")
    String serverHost = DEFAULTS.serverHost();

    @Option(names = "--reporter", description = "this probe's id on its events and watermarks; keep it stable over"
            + " restarts and unique among probes (default: probe:SERVER-HOST:PORTS)")
    String reporter;

    @Option(names = "--topic-prefix", description = "prefix of the events topic, as the engine's --topic-prefix")
    String topicPrefix = "";

    @Option(names = "--sample-interval", description = "how often the socket tables are read (default: ${DEFAULT-VALUE})")
    Duration sampleInterval = DEFAULTS.sampleInterval();

    @Option(names = "--heartbeat-interval", description = "HEARTBEAT per connected client this often (default: ${DEFAULT-VALUE})")
    Duration heartbeatInterval = DEFAULTS.heartbeatInterval();

    @Option(names = "--start-grace", description = "after a start, an absent known client is reported once absent this long (default: ${DEFAULT-VALUE})")
    Duration startGrace = DEFAULTS.startGrace();

    @Option(names = "--state-file", description = "known clients and unsent transitions, kept over restarts (default: ${DEFAULT-VALUE})")
    Path stateFile = DEFAULTS.stateFile();

    @Option(names = "--unmapped", description = "clients missing from --clients: report (with no name) or ignore (default: ${DEFAULT-VALUE})")
    String unmapped = DEFAULTS.reportUnmapped() ? "report" : "ignore";

    @Option(names = "--queue-capacity", description = "most events kept while the destination is away (default: ${DEFAULT-VALUE})")
    int queueCapacity = DEFAULTS.queueCapacity();

    @Option(names = "--proc-net", hidden = true, description = "folder of the tcp and tcp6 tables (default: ${DEFAULT-VALUE})")
    Path procNet = DEFAULTS.procNet();

    @Override
    public Integer call() throws Exception {
        if (!unmapped.equals("report") && !unmapped.equals("ignore")) {
            System.err.println("--unmapped must be report or ignore, not " + unmapped);
            return 2;
        }
        if (ports.stream().anyMatch(p -> p < 1 || p > 65535)) {
            System.err.println("--port must be from 1 to 65535: " + ports);
            return 2;
        }
        if (reporter != null && (reporter.isBlank() || reporter.length() > 256 || reporter.indexOf(ConnectionId.SEPARATOR) >= 0)) {
            System.err.println("--reporter must be 1 to 256 characters without '|', not '" + reporter + "'");
            return 2;
        }
        ClientMap map;
        try {
            map = clients == null ? ClientMap.empty() : ClientMap.load(clients);
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        ProbeConfig config = DEFAULTS.with(ports, component, source).withServerHost(serverHost)
                .withTiming(sampleInterval, heartbeatInterval, startGrace)
                .withQueue(DEFAULTS.batchSize(), queueCapacity, DEFAULTS.retryMin(), DEFAULTS.retryMax())
                .withFiles(stateFile, procNet, unmapped.equals("report"))
                .withReporter(reporter);
        EventSink sink;
        if (destination.kafkaBootstrap != null) {
            sink = new KafkaEventSink(destination.kafkaBootstrap, topicPrefix + Event.TOPIC);
        } else {
            if (!Files.isReadable(destination.engine.tokenFile)) {
                System.err.println("--token-file " + destination.engine.tokenFile + " cannot be read");
                return 2;
            }
            sink = new EngineEventSink(destination.engine.url, destination.engine.tokenFile);
        }
        Probe probe = new Probe(config, map, sink, Clock.systemUTC(), Probe.kernel(config)).start();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            probe.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("ALM probe ready: ports=" + ports + " component=" + component + " source=" + source
                + " server=" + config.serverHost() + " reporter=" + config.reporterName() + " → " + sink.describe());
        System.out.flush();
        stopped.await();
        return 0;
    }
}
