package io.almengine.cli;

import io.almengine.collect.BundleBuilder;
import io.almengine.collect.BundleProgress;
import io.almengine.collect.BundleRequest;
import io.almengine.collect.CollectSettings;
import io.almengine.collect.LogRoots;
import io.almengine.collect.Manifest;
import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.definition.InvalidDefinitionsException;
import io.almengine.engine.EngineConfig;
import io.almengine.model.AlarmCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collect}: the log bundle of an alarm type at a time, on a host where no engine runs (a
 * Flume client, a Logtail machine, a Fluentd forwarder): the same files, window, confinement,
 * masking and manifest as the engine's {@code POST …/log-bundles}.
 */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect the log bundle of an alarm type around a time, on this host, into a .tar.gz.")
final class CollectCommand implements Callable<Integer> {

    private static final EngineConfig DEFAULTS = EngineConfig.defaults();

    @Option(names = "--definition", required = true, paramLabel = "ID",
            description = "alarm type whose files to collect: 24003 or ALM-24003")
    String definition;

    @Option(names = "--at", required = true, paramLabel = "INSTANT",
            description = "when the alarm occurred, ISO-8601 (2026-11-20T08:00:00Z)")
    Instant at;

    @Option(names = "--before", paramLabel = "DURATION", description = "window before --at (default: the definition's)")
    Duration before;

    @Option(names = "--after", paramLabel = "DURATION", description = "window after --at (default: the definition's)")
    Duration after;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the .tar.gz to write")
    Path out;

    @Option(names = "--log-roots", split = ",", paramLabel = "DIR",
            description = "the only folders that may be read (default: none, so nothing is read)")
    List<Path> logRoots = DEFAULTS.logRoots();

    @Option(names = "--definitions", description = "alarm definitions folder (default: ${DEFAULT-VALUE})")
    Path definitions = DEFAULTS.definitionsDir();

    @Option(names = "--max-bytes", description = "size cap of the bundle's content (default: ${DEFAULT-VALUE})")
    long maxBytes = DEFAULTS.collect().maxBundleBytes();

    @Option(names = "--zone", description = "zone of log timestamps without an offset (default: ${DEFAULT-VALUE})")
    ZoneId zone = DEFAULTS.collect().logZone();

    @Override
    public Integer call() throws Exception {
        DefinitionCatalog catalog;
        try {
            // The runbooks are not needed to collect logs, so their folder is not checked here.
            catalog = DefinitionCatalog.load(definitions, null);
        } catch (InvalidDefinitionsException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Optional<AlarmDefinition> found = parseId(definition).flatMap(catalog::byId);
        if (found.isEmpty()) {
            System.err.println("no alarm definition " + definition + " in " + definitions + " (known: "
                    + String.join(", ", catalog.all().stream().map(AlarmDefinition::code).toList()) + ")");
            return 2;
        }
        AlarmDefinition def = found.get();
        Duration b = before == null ? def.logBundle().before() : before;
        Duration a = after == null ? def.logBundle().after() : after;
        if (b.isNegative() || a.isNegative() || maxBytes < 1) {
            System.err.println("--before and --after must not be negative, --max-bytes must be positive");
            return 2;
        }
        CollectSettings settings = DEFAULTS.collect().withMaxBundleBytes(maxBytes).withLogZone(zone);
        LogRoots roots = LogRoots.of(logRoots);
        roots.ignored().forEach(r -> System.err.println("log root " + r.path() + " ignored: " + r.reason()));
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path work = Files.createTempDirectory(target.getParent(), ".alm-collect-");
        Manifest manifest = new BundleBuilder(roots, settings, Clock.systemUTC()).build(
                BundleRequest.forType(def, at, b, a, "collect on " + hostName()), target, work, new BundleProgress());
        System.out.println("wrote " + target + ": " + def.code() + " from " + manifest.window().from() + " to "
                + manifest.window().to() + ", " + manifest.files().size() + " files, " + manifest.totalBytes()
                + " bytes" + (manifest.truncated() ? " (size cap reached)" : ""));
        manifest.skipped().forEach(s -> System.out.println("  skipped " + (s.path() == null ? s.glob() : s.path())
                + ": " + s.reason()));
        if (roots.roots().isEmpty()) {
            System.out.println("no log root given: pass --log-roots with the folders that may be read");
        }
        return 0;
    }

    private static Optional<Integer> parseId(String text) {
        return AlarmCode.parse(text).map(AlarmCode::id);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "this host";
        }
    }
}
