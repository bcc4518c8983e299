package io.almengine.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the probe, with its default in one place ({@link #defaults()}).
 *
 * @param ports             listening ports to watch (no default: required)
 * @param component         the events' component, e.g. {@code flume} (required)
 * @param source            the events' source, the cluster name (required)
 * @param serverHost        the events' serverHost; default the host's name
 * @param sampleInterval    how often the socket tables are read: 1 s
 * @param heartbeatInterval a connected client gets a HEARTBEAT this often: 30 s (a phi-accrual
 *                          alarm type wants its heartbeat interval here, e.g. PT1S for Fluentd)
 * @param startGrace        after a start, a known client that is absent is reported DISCONNECTED
 *                          only once it has stayed absent this long (as of when it was first
 *                          found absent): 10 s, so a client caught between two reconnects makes
 *                          no noise
 * @param reportUnmapped    publish clients the mapping does not know (with an empty name): true
 * @param batchSize         most events in one publish: 500
 * @param queueCapacity     most events waiting while the engine or Kafka is away: 100 000; beyond
 *                          it the oldest heartbeats are dropped first
 * @param retryMin          first wait after a failed publish: 1 s, doubling up to {@code retryMax}
 * @param retryMax          longest wait between attempts: 30 s
 * @param stateFile         known clients and unsent transitions, kept over restarts:
 *                          {@code probe-state.json} in the working directory
 * @param procNet           where the socket tables are: {@code /proc/net}
 * @param reporter          the probe's id as a reporter: its events name it, and its watermarks say
 *                          how far they go; {@code null} (default): {@code probe:SERVERHOST:PORTS},
 *                          stable over restarts, as the engine keeps reporters by name
 */
public record ProbeConfig(
        List<Integer> ports,
        String component,
        String source,
        String serverHost,
        Duration sampleInterval,
        Duration heartbeatInterval,
        Duration startGrace,
        boolean reportUnmapped,
        int batchSize,
        int queueCapacity,
        Duration retryMin,
        Duration retryMax,
        Path stateFile,
        Path procNet,
        String reporter) {

    public ProbeConfig {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public static ProbeConfig defaults() {
        return new ProbeConfig(List.of(), null, null, localHostName(), Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), true, 500, 100_000, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Path.of("probe-state.json"), Path.of("/proc/net"), null);
    }

    public ProbeConfig with(List<Integer> ports, String component, String source) {
        return new ProbeConfig(ports, component, source, serverHost, sampleInterval, heartbeatInterval, startGrace,
                reportUnmapped, batchSize, queueCapacity, retryMin, retryMax, stateFile, procNet, reporter);
    }

    public ProbeConfig withServerHost(String value) {
        return new ProbeConfig(ports, component, source, value, sampleInterval, heartbeatInterval, startGrace,
                reportUnmapped, batchSize, queueCapacity, retryMin, retryMax, stateFile, procNet, reporter);
    }

    public ProbeConfig withTiming(Duration sample, Duration heartbeat, Duration grace) {
        return new ProbeConfig(ports, component, source, serverHost, sample, heartbeat, grace, reportUnmapped,
                batchSize, queueCapacity, retryMin, retryMax, stateFile, procNet, reporter);
    }

    public ProbeConfig withQueue(int batch, int capacity, Duration min, Duration max) {
        return new ProbeConfig(ports, component, source, serverHost, sampleInterval, heartbeatInterval, startGrace,
                reportUnmapped, batch, capacity, min, max, stateFile, procNet, reporter);
    }

    public ProbeConfig withFiles(Path state, Path proc, boolean unmapped) {
        return new ProbeConfig(ports, component, source, serverHost, sampleInterval, heartbeatInterval, startGrace,
                unmapped, batchSize, queueCapacity, retryMin, retryMax, state, proc, reporter);
    }

    public ProbeConfig withReporter(String value) {
        return new ProbeConfig(ports, component, source, serverHost, sampleInterval, heartbeatInterval, startGrace,
                reportUnmapped, batchSize, queueCapacity, retryMin, retryMax, stateFile, procNet, value);
    }

    /** The reporter id the events and watermarks carry: the one given, or one made of server and ports. */
    public String reporterName() {
        if (reporter != null) {
            return reporter;
        }
        return "probe:" + serverHost + ":" + String.join(",", ports.stream().map(String::valueOf).toList());
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
