package io.almengine.bench;

import io.almengine.engine.EngineConfig;
import io.almengine.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures the engine on a synthetic fleet against an in-process broker and prints
 * a table, then the figures as one JSON object on the last line (see docs/performance.md). With
 * {@code --storm N} it runs only the storm ({@link StormBenchmark}) and prints its figures instead;
 * with {@code --notify}, only the notification phases of {@link BenchNotifyCommand}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput, alarm latency, memory and recovery on a synthetic fleet (or, with --storm,"
                + " an outage of many clients at once); the last line of output is the figures as JSON.")
public final class BenchCommand implements Callable<Integer> {

    private static final EngineConfig DEFAULTS = EngineConfig.defaults();

    @Option(names = "--fleet", description = "flume (clients with links, ALM-24003) or logtail (agents that only"
            + " heartbeat, ALM-24101) (default: ${DEFAULT-VALUE})")
    String fleet = "flume";

    @Option(names = "--connections", description = "client connections in the fleet (default: ${DEFAULT-VALUE})")
    int connections = 10_000;

    @Option(names = "--heartbeat-interval", description = "each client's heartbeat interval, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration heartbeatInterval = Duration.ofSeconds(30);

    @Option(names = "--flap-fraction", description = "share of the fleet that disconnects and reconnects across the window (default: ${DEFAULT-VALUE})")
    double flapFraction = 0.01;

    @Option(names = "--raise-after", description = "alarm threshold used instead of the shipped one (default: ${DEFAULT-VALUE})")
    Duration raiseAfter = Duration.ofSeconds(5);

    @Option(names = "--backlog-events", description = "events waiting when the engine starts; whole rounds of the fleet, at least 3 (default: 3 x connections, at least 1000000)")
    Long backlogEvents;

    @Option(names = "--warm-up-events", description = "events of a separate fleet drained before measuring, so the JIT has compiled the code (default: ${DEFAULT-VALUE})")
    long warmUpEvents = 1_000_000;

    @Option(names = "--live", description = "length of the live phase that times alarms (default: ${DEFAULT-VALUE})")
    Duration live = Duration.ofSeconds(30);

    @Option(names = "--max-flappers", description = "cap on connections flapping in the live phase (default: ${DEFAULT-VALUE})")
    int maxFlappers = 2_000;

    @Option(names = "--partitions", description = "partitions of the engine's topics (default: ${DEFAULT-VALUE})")
    int partitions = DEFAULTS.partitions();

    @Option(names = "--stream-threads", description = "Kafka Streams threads; 0 keeps the engine's default (default: ${DEFAULT-VALUE})")
    int streamThreads = 0;

    @Option(names = "--allowed-lateness", description = "the engine's allowed lateness, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration allowedLateness = DEFAULTS.allowedLateness();

    @Option(names = "--watermark-interval", description = "the live phase acts as a reporter that sends a watermark"
            + " this often, as a probe does after each sample (default: none, a plain producer; with --storm: PT1S,"
            + " a reporter per server port)")
    Duration watermarkInterval;

    @Option(names = "--no-restarts", description = "skip the three timed restarts the run ends with (clean stop,"
            + " SIGKILL, no local state): their figures are null; for runs that check alarms, not start-up times")
    boolean noRestarts;

    @Option(names = "--notify", description = "run only the notification phases, as bench-notify does with its"
            + " defaults: latency beyond groupWait, and a storm against a rate-limited webhook")
    boolean notify;

    @Option(names = "--storm", description = "run only the storm: this many Flume clients connect, then all disconnect"
            + " in the same second; times their alarms, the API and a rate-limited webhook (default: none)")
    Integer storm;

    @Option(names = "--storm-ports", description = "Flume server ports the storm's clients are spread over (default: ${DEFAULT-VALUE})")
    int stormPorts = 4;

    @Option(names = "--storm-per-minute", description = "the storm's webhook receiver's limit, messages a minute"
            + " (default: ${DEFAULT-VALUE}, a DingTalk robot's)")
    int stormPerMinute = 20;

    @Option(names = "--storm-timeout", description = "how long the storm may take until every alarm is raised (default: ${DEFAULT-VALUE})")
    Duration stormTimeout = Duration.ofMinutes(5);

    @Option(names = "--storm-warm-up", description = "clients of the warm-up storm before the storm, at most --storm"
            + " (default: ${DEFAULT-VALUE})")
    int stormWarmUp = StormSettings.WARM_UP_CLIENTS;

    @Option(names = "--storm-consoles", description = "consoles open during the storm, each reloading the first page of"
            + " the alarm list twice a second as the console does while changes stream in; 0: one request after the"
            + " other, as fast as they are answered (default: ${DEFAULT-VALUE})")
    int stormConsoles = StormSettings.CONSOLES;

    @Option(names = "--work-dir", description = "keep broker and engine data here (default: a temporary folder, deleted afterwards)")
    Path workDir;

    @Option(names = "--definitions", description = "alarm definitions folder to copy (default: ${DEFAULT-VALUE})")
    Path definitions = DEFAULTS.definitionsDir();

    @Option(names = "--rules", description = "Drools rule files folder (default: ${DEFAULT-VALUE})")
    Path rules = DEFAULTS.rulesDir();

    @Option(names = "--runbooks", description = "runbooks folder (default: ${DEFAULT-VALUE})")
    Path runbooks = DEFAULTS.runbooksDir();

    @Override
    public Integer call() throws Exception {
        for (var folder : List.of(Map.entry("--definitions", definitions), Map.entry("--rules", rules),
                Map.entry("--runbooks", runbooks))) {
            if (!Files.isDirectory(folder.getValue())) {
                System.err.println(folder.getKey() + ": no folder " + folder.getValue().toAbsolutePath()
                        + " (run from the project's folder, or give " + folder.getKey() + " DIR)");
                return 2;
            }
        }
        if (notify) {
            return new BenchNotifyCommand().call();
        }
        BenchSettings settings;
        try {
            long backlog = backlogEvents != null ? backlogEvents : Math.max(3L * connections, 1_000_000L);
            settings = new BenchSettings(connections, heartbeatInterval, flapFraction, raiseAfter, backlog,
                    warmUpEvents, live,
                    maxFlappers, partitions, streamThreads, workDir, definitions, rules, runbooks,
                    FleetKind.parse(fleet), allowedLateness, watermarkInterval, !noRestarts);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (storm != null) {
            StormSettings stormSettings;
            try {
                stormSettings = new StormSettings(storm, stormPorts, stormPerMinute,
                        watermarkInterval != null ? watermarkInterval : StormSettings.WATERMARK_INTERVAL, stormTimeout,
                        stormWarmUp, stormConsoles);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            StormResult result = new StormBenchmark(settings, stormSettings, System.err).run();
            print(result.table(), result);
            return 0;
        }
        BenchResult result = new Benchmark(settings, System.err).run();
        print(result.table(), result);
        return 0;
    }

    /** The table, then the figures as one JSON object on the last line. */
    private static void print(String table, Object figures) throws Exception {
        System.out.println();
        System.out.print(table);
        System.out.println(Json.MAPPER.writeValueAsString(figures));
        System.out.flush();
    }
}
