package io.almengine.bench;

import static io.almengine.bench.FigureTable.at;
import static io.almengine.bench.FigureTable.mark;
import static io.almengine.bench.FigureTable.ms;
import static io.almengine.bench.FigureTable.row;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of {@code bench --storm N}; the JSON form is its last line. Latencies are {@code null}
 * when nothing was measured.
 *
 * @param stormClients                    clients that disconnected together
 * @param stormPorts                      server ports they were spread over
 * @param raiseAfterMs                    the threshold the run used
 * @param watermarkIntervalMs             how often each port's reporter sent a watermark
 * @param allowedLatenessMs               the engine's allowed lateness (raises no watermark vouches for wait that long)
 * @param stormDisconnectSpreadMs         first to last disconnect sent: the storm's own width
 * @param stormAlarmsRaised               storm clients with an ALM-24003 raised
 * @param stormMissingRaises              storm clients without one when the run ended
 * @param stormDuplicateRaises            raises beyond the first for the same client
 * @param stormRaiseLatenessP50Ms         alarm visible in the engine's alarm view − (its disconnect's time + raiseAfter)
 * @param stormSecondsUntilAllRaised      first disconnect sent → the last storm alarm visible (threshold included);
 *                                        {@code null} when not every alarm was raised
 * @param stormParents                    active ALM-24900 alarms ("Flume server port lost its clients") at the end
 * @param stormParentsPerPort             the same per server port ({@code host:port}), every storm port listed
 * @param stormNotifications              messages the rate-limited webhook received
 * @param stormNotificationsMaxPerMinute  the most it received within any 60 s
 * @param stormNotificationLimitPerMinute its limit
 * @param stormAlarmsNamed                storm alarms named in some message (a child should not be: its
 *                                        parent's message tells of it)
 * @param stormAlarmsUnderANamedParent    storm alarms not named themselves, whose parent was
 * @param stormCpuPerClientUs             the process's CPU time (engine, in-process broker and the bench's own
 *                                        clients) from the first disconnect to the last raise, per client: unlike
 *                                        the wall-clock figures, hardly moved by other work on the machine
 * @param stormConsoles                   consoles asking for the first page twice a second; 0: back to back
 * @param stormApiRequests                {@code GET /api/alarms} requests measured while the storm was raised
 * @param stormApiFirstPageP50Ms          their latency, over real HTTP with a token
 * @param loadAverage                     the machine's load average at the end: other work competing for the cores
 */
public record StormResult(
        int stormClients,
        int stormPorts,
        long raiseAfterMs,
        long watermarkIntervalMs,
        long allowedLatenessMs,
        long stormDisconnectSpreadMs,
        int stormAlarmsRaised,
        int stormMissingRaises,
        int stormDuplicateRaises,
        Double stormRaiseLatenessP50Ms,
        Double stormRaiseLatenessP99Ms,
        Double stormRaiseLatenessMaxMs,
        Double stormSecondsUntilAllRaised,
        int stormParents,
        Map<String, Integer> stormParentsPerPort,
        int stormNotifications,
        int stormNotificationsMaxPerMinute,
        int stormNotificationLimitPerMinute,
        boolean stormNotificationsWithinLimit,
        int stormAlarmsNamed,
        int stormAlarmsUnderANamedParent,
        Double stormCpuPerClientUs,
        int stormConsoles,
        int stormApiRequests,
        Double stormApiFirstPageP50Ms,
        Double stormApiFirstPageP99Ms,
        Double stormApiFirstPageMaxMs,
        double loadAverage) {

    /** The goals at 100,000 clients on a 2-core machine. */
    static final long LATENESS_P99_GOAL_MS = 2_000;
    static final long API_P99_GOAL_MS = 100;

    /** The figures as a table, with the storm's goals. */
    public String table() {
        var t = new StringBuilder();
        row(t, "figure", "value", "goal");
        row(t, "stormClients", Integer.toString(stormClients), "");
        row(t, "server ports", Integer.toString(stormPorts), "");
        row(t, "raiseAfter / watermark every (ms)", raiseAfterMs + " / " + watermarkIntervalMs, "");
        row(t, "disconnects sent within (ms)", Long.toString(stormDisconnectSpreadMs), "<= 1000"
                + mark(stormDisconnectSpreadMs <= 1000));
        row(t, "stormRaiseLatenessP50Ms", ms(stormRaiseLatenessP50Ms), "");
        row(t, "stormRaiseLatenessP99Ms", ms(stormRaiseLatenessP99Ms), "<= " + LATENESS_P99_GOAL_MS
                + mark(at(stormRaiseLatenessP99Ms) <= LATENESS_P99_GOAL_MS));
        row(t, "stormRaiseLatenessMaxMs", ms(stormRaiseLatenessMaxMs), "");
        row(t, "until every alarm raised (s)", stormSecondsUntilAllRaised == null ? "-"
                : String.format(Locale.ROOT, "%.1f", stormSecondsUntilAllRaised), "");
        row(t, "alarms raised", Integer.toString(stormAlarmsRaised), stormClients + mark(stormAlarmsRaised
                == stormClients));
        row(t, "missing, duplicate raises", stormMissingRaises + ", " + stormDuplicateRaises, "0, 0"
                + mark(stormMissingRaises == 0 && stormDuplicateRaises == 0));
        row(t, "stormParents (ALM-24900)", Integer.toString(stormParents), "1 per port"
                + mark(stormParentsPerPort.values().stream().allMatch(n -> n == 1)));
        // Counts only, in port order: the JSON line names the ports.
        String perPort = stormParentsPerPort.values().stream().limit(6).map(String::valueOf)
                .collect(Collectors.joining(" "));
        row(t, "  per port", stormParentsPerPort.size() > 6 ? perPort + " ..." : perPort, "");
        row(t, "stormNotifications", Integer.toString(stormNotifications), "");
        row(t, "  most in any minute", Integer.toString(stormNotificationsMaxPerMinute), "<= "
                + stormNotificationLimitPerMinute + mark(stormNotificationsWithinLimit));
        row(t, "  storm alarms named", Integer.toString(stormAlarmsNamed), "");
        row(t, "  told by their parent's", Integer.toString(stormAlarmsUnderANamedParent), "");
        row(t, "stormCpuPerClientUs", ms(stormCpuPerClientUs), "");
        row(t, "stormConsoles", stormConsoles == 0 ? "0 (back to back)" : Integer.toString(stormConsoles), "");
        row(t, "stormApiFirstPageP50Ms", ms2(stormApiFirstPageP50Ms), "");
        row(t, "stormApiFirstPageP99Ms", ms2(stormApiFirstPageP99Ms), "<= " + API_P99_GOAL_MS
                + mark(at(stormApiFirstPageP99Ms) <= API_P99_GOAL_MS));
        row(t, "  requests measured, max (ms)", stormApiRequests + ", " + ms2(stormApiFirstPageMaxMs), "");
        row(t, "load average", String.format(Locale.ROOT, "%.1f", loadAverage), "");
        return t.toString();
    }

    private static String ms2(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
