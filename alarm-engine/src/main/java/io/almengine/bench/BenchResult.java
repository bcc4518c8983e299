package io.almengine.bench;

import static io.almengine.bench.FigureTable.at;
import static io.almengine.bench.FigureTable.mark;
import static io.almengine.bench.FigureTable.ms;
import static io.almengine.bench.FigureTable.row;

import java.util.Locale;

/**
 * The figures of one bench run; the JSON form is the contract's last line. Latencies are
 * {@code null} when nothing was measured (no flapping connections).
 *
 * @param fleetEventsPerSec   the fleet's own steady rate: connections / heartbeat interval
 * @param rawConsumePerSec    a plain consumer reading the backlog with the engine's deserializers: the ceiling
 * @param engineEventsPerSec  events the engine applied per second while draining the backlog
 * @param cpuMicrosPerEvent   CPU time of the whole process (engine and in-process broker) per event drained
 * @param loadAverage         the machine's load average during the drain: other work competing for the cores
 * @param liveEventsPerSec    heartbeats per second offered during the live phase
 * @param heapBytesPerConnection (live heap with every connection tracked − live heap of the empty engine) / connections
 * @param restartSeconds      a clean stop, then {@code run} again (a JVM of its own) until it processes events
 * @param recoverySeconds     SIGKILL, then {@code run} again until it processes events: the group notices the
 *                            dead member (session timeout), the state is checked and caught up from the changelogs
 * @param fullRestoreSeconds  {@code run} with the local state deleted (a new machine) until it processes
 *                            events: every store restored from its changelog; the three restart figures are
 *                            {@code null} when the run was told to skip the restarts ({@code --no-restarts})
 * @param allowedLatenessMs   the engine's allowed lateness: without watermarks every raise waits that long
 * @param watermarkIntervalMs how often the live phase sent a watermark as a reporter; {@code null}: never
 */
public record BenchResult(
        int connections,
        long backlogEvents,
        double fleetEventsPerSec,
        double rawConsumePerSec,
        double engineEventsPerSec,
        double cpuMicrosPerEvent,
        double loadAverage,
        double liveEventsPerSec,
        Double raiseLatenessP50Ms,
        Double raiseLatenessP99Ms,
        Double raiseLatenessMaxMs,
        int alarmsTimed,
        Double clearLatencyP50Ms,
        Double clearLatencyP99Ms,
        Double clearLatencyMaxMs,
        int clearsTimed,
        int missingRaises,
        int missingClears,
        int duplicateRaises,
        int falseAlarms,
        long heapEmptyBytes,
        long heapBytes,
        double heapBytesPerConnection,
        long rssEmptyBytes,
        long rssBytes,
        Double restartSeconds,
        Double recoverySeconds,
        Double fullRestoreSeconds,
        long allowedLatenessMs,
        Long watermarkIntervalMs) {

    private static final long GIB = 1L << 30;

    /** The figures as a table, with the targets set for this engine on a 2-core machine. */
    public String table() {
        var t = new StringBuilder();
        row(t, "figure", "value", "target");
        row(t, "connections", Long.toString(connections), "");
        row(t, "backlog events", Long.toString(backlogEvents), "");
        row(t, "fleet rate (events/s)", rate(fleetEventsPerSec), "");
        row(t, "rawConsumePerSec", rate(rawConsumePerSec), "ceiling");
        row(t, "engineEventsPerSec", rate(engineEventsPerSec), ">= 100000 and >= " + rate(rawConsumePerSec / 2)
                + mark(engineEventsPerSec >= 100_000 && engineEventsPerSec >= rawConsumePerSec / 2));
        row(t, "CPU per event drained (us)", String.format(Locale.ROOT, "%.1f", cpuMicrosPerEvent), "");
        row(t, "load average during the drain", String.format(Locale.ROOT, "%.1f", loadAverage), "");
        row(t, "live heartbeats/s", rate(liveEventsPerSec), "");
        row(t, "raiseLatenessP50Ms", ms(raiseLatenessP50Ms), "");
        // Without watermarks a raise waits for the allowed lateness on purpose: the target is on top of it.
        long raiseTarget = 1000 + (watermarkIntervalMs == null ? allowedLatenessMs : 0);
        row(t, "raiseLatenessP99Ms", ms(raiseLatenessP99Ms), "<= " + raiseTarget
                + (watermarkIntervalMs == null && allowedLatenessMs > 0 ? " (lateness+1000)" : "")
                + mark(at(raiseLatenessP99Ms) <= raiseTarget));
        row(t, "raiseLatenessMaxMs", ms(raiseLatenessMaxMs), "");
        row(t, "allowed lateness, watermarks (ms)", allowedLatenessMs + ", "
                + (watermarkIntervalMs == null ? "none" : "every " + watermarkIntervalMs), "");
        row(t, "clearLatencyP50Ms", ms(clearLatencyP50Ms), "");
        row(t, "clearLatencyP99Ms", ms(clearLatencyP99Ms), "<= 500" + mark(at(clearLatencyP99Ms) <= 500));
        row(t, "clearLatencyMaxMs", ms(clearLatencyMaxMs), "");
        row(t, "alarms timed (raised/cleared)", alarmsTimed + " / " + clearsTimed, "");
        row(t, "missing raises/clears", missingRaises + " / " + missingClears, "0 / 0" + mark(missingRaises == 0
                && missingClears == 0));
        row(t, "duplicate raises, false alarms", duplicateRaises + ", " + falseAlarms, "0, 0"
                + mark(duplicateRaises == 0 && falseAlarms == 0));
        row(t, "heap, empty engine (MiB)", mib(heapEmptyBytes), "");
        row(t, "heap, all tracked (MiB)", mib(heapBytes), connections >= 1_000_000
                ? "<= 1024" + mark(heapBytes <= GIB) : "");
        row(t, "heapBytesPerConnection", String.format(Locale.ROOT, "%.1f", heapBytesPerConnection), "");
        row(t, "RSS, empty engine (MiB)", mib(rssEmptyBytes), "");
        row(t, "RSS, all tracked (MiB)", mib(rssBytes), "");
        row(t, "restartSeconds (clean stop)", seconds(restartSeconds), "");
        row(t, "recoverySeconds (after SIGKILL)", seconds(recoverySeconds),
                connections >= 1_000_000 ? "<= 30" + mark(at(recoverySeconds) <= 30) : "");
        row(t, "fullRestoreSeconds (no local state)", seconds(fullRestoreSeconds),
                connections >= 1_000_000 ? "<= 30" + mark(at(fullRestoreSeconds) <= 30) : "");
        return t.toString();
    }

    /** Seconds to a tenth; a dash when not measured. */
    private static String seconds(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String rate(double perSec) {
        return String.format(Locale.ROOT, "%.0f", perSec);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }
}
