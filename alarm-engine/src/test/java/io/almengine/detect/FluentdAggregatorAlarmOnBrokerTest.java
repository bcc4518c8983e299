package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ClearType;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Severity;
import io.almengine.testing.Agents.Fluentd;
import io.almengine.testing.EngineHarness;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ALM-24102 behaviour that needs a whole engine on a real broker: what the API shows of an
 * escalated alarm, and commands and retirements of a grouped alarm reaching the task that owns it
 * when its group's partition is not its own (two partitions). The rest is in
 * {@link FluentdAggregatorAlarmTest}, on the topology alone.
 */
class FluentdAggregatorAlarmOnBrokerTest {

    private static final double THRESHOLD = 16;
    private static final Duration SECOND = Duration.ofSeconds(1);

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    @Test
    void theStandbyLostTooEscalatesThePrimarysAlarmToMajorAndItsReturnLowersItAgain() {
        Instant t = harness.freshHour();
        Fluentd primary = Fluentd.freshPrimary();
        Fluentd standby = primary.standby();
        Instant last = beat(t, SECOND, 10, primary, standby);
        Instant standbyLast = beat(last.plus(SECOND), SECOND, 40, standby);
        Alarm raised = harness.awaitAlarm(primary.connectionId(), Alarm::active);
        assertEquals(Severity.MINOR, raised.severity(), "the standby still answers");
        ApiClient api = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        String forwarder = "/api/alarms?clientIp=" + primary.clientIp();
        assertEquals(1, api.get(forwarder).body().at("/counts/minor").asInt());

        Instant standbyLost = standbyLast.plusNanos(crossingNanos(1.0));
        harness.clockAt(standbyLost);
        Alarm escalated = harness.awaitAlarm(primary.connectionId(), a -> a.severity() == Severity.MAJOR);
        assertEquals(raised.serialNo(), escalated.serialNo(), "the same alarm, not a new one");
        assertTrue(escalated.active());
        AlarmChange up = escalated.history().get(escalated.history().size() - 1);
        assertEquals("severity-changed", up.change());
        assertEquals(standbyLost, up.at());
        assertEquals(Alarm.ENGINE, up.by());
        assertEquals("severity minor → major: standby aggregator 192.168.1.7:24224 lost too", up.detail());
        assertEquals("0", escalated.params().get("reachablePeers"));
        assertEquals(Severity.MAJOR, harness.awaitAlarm(standby.connectionId(), Alarm::active).severity());
        JsonNode shown = api.get("/api/alarms/" + raised.serialNo()).body();
        assertEquals("major", shown.get("severity").asText());
        JsonNode counts = api.get(forwarder).body().get("counts");
        assertEquals(2, counts.get("major").asInt(), counts.toString());
        assertEquals(0, counts.get("minor").asInt(), counts.toString());

        Instant standbyBack = standbyLost.plusSeconds(5);
        harness.clockAt(standbyBack);
        harness.send(standby.heartbeat(standbyBack));
        Alarm lowered = harness.awaitAlarm(primary.connectionId(), a -> a.severity() == Severity.MINOR && a.history().size() > 2);
        assertEquals(raised.serialNo(), lowered.serialNo());
        assertTrue(lowered.active(), "the primary is still lost");
        AlarmChange down = lowered.history().get(lowered.history().size() - 1);
        assertEquals("severity-changed", down.change());
        assertEquals(standbyBack, down.at());
        assertEquals("severity major → minor: standby aggregator 192.168.1.7:24224 reachable again", down.detail());
        assertEquals("1", lowered.params().get("reachablePeers"));
        harness.awaitAlarm(standby.connectionId(), a -> !a.active());
        counts = api.get(forwarder).body().get("counts");
        assertEquals(0, counts.get("major").asInt(), counts.toString());
        assertEquals(1, counts.get("minor").asInt(), counts.toString());
    }

    @Test
    void operatorCommandsAndRetirementReachTheTaskThatOwnsAGroupedAlarm() {
        Instant t = harness.freshHour();
        Fluentd link = linkRoutedAwayFromItsOwnPartition();
        Instant last = beat(t, SECOND, 5, link);
        harness.clockAt(last.plusNanos(crossingNanos(1.0)));
        Alarm alarm = harness.awaitAlarm(link.connectionId(), Alarm::active);

        ApiClient api = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        ApiClient.Answer ack = api.post("/api/alarms/" + alarm.serialNo() + "/ack", "");
        assertEquals(200, ack.status(), ack.body().toString());
        assertTrue(ack.body().get("acknowledged").asBoolean());

        harness.sendRaw(link.connectionId(), null);
        Alarm cleared = harness.awaitAlarm(link.connectionId(), a -> !a.active());
        assertEquals(ClearType.MANUAL, cleared.clearType());
    }

    // ---------------------------------------------------------------- helpers

    /** Heartbeats from all {@code links} every {@code every}, {@code count} rounds from {@code start}; the last time. */
    private static Instant beat(Instant start, Duration every, int count, Fluentd... links) {
        Instant at = start;
        for (int i = 0; i < count; i++) {
            at = start.plus(every.multipliedBy(i));
            harness.clockAt(at);
            var events = new ArrayList<ConnectionEvent>();
            for (Fluentd link : links) {
                events.add(link.heartbeat(at));
            }
            harness.send(events.toArray(ConnectionEvent[]::new));
        }
        return at;
    }

    /** Silence after which out_forward's phi = gap / (mean * ln 10) reaches 16, to the nanosecond above. */
    private static long crossingNanos(double meanSeconds) {
        return (long) Math.ceil(THRESHOLD * Math.log(10) * meanSeconds * 1e9);
    }

    /** A link whose group partition differs from where the producer put its id (2 partitions). */
    private static Fluentd linkRoutedAwayFromItsOwnPartition() {
        PeerRouting routing = new PeerRouting(Set.of("fluentd"));
        for (int i = 0; i < 100; i++) {
            Fluentd candidate = Fluentd.freshPrimary();
            String id = candidate.connectionId();
            int byId = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % 2;
            if (routing.partition(id, 2) != byId) {
                return candidate;
            }
        }
        throw new AssertionError("no link routed away in 100 tries");
    }
}
