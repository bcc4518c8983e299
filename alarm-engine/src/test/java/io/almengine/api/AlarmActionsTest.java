package io.almengine.api;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Acknowledge, unacknowledge, comment and clear: applied by the alarm's owner through Kafka, answered with the alarm. */
class AlarmActionsTest {

    private static EngineHarness harness;
    private static ApiClient admin;
    private static ApiClient operator;
    private static int hour;

    @BeforeAll
    static void start() {
        harness = new EngineHarness().start();
        admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        String token = admin.post("/api/tokens", "{\"name\":\"ops-1\",\"role\":\"operator\"}").body().get("token")
                .asText();
        operator = admin.as(token);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Alarm activeAlarm(FlumeLink link) {
        Instant t = T0.plus(Duration.ofHours(++hour));
        harness.clockAt(t);
        harness.send(link.disconnected(t));
        harness.clockAt(t.plus(Duration.ofMinutes(3)));
        return harness.awaitAlarm(link, Alarm::active);
    }

    @Test
    void acknowledgingAndUnacknowledgingAreRecordedWithWhoDidIt() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        var acked = operator.post("/api/alarms/" + alarm.serialNo() + "/ack", "");
        assertEquals(200, acked.status(), acked.body().toString());
        assertTrue(acked.body().get("acknowledged").asBoolean());
        var history = acked.body().get("history");
        assertEquals("acknowledged", history.get(history.size() - 1).get("change").asText());
        assertEquals("ops-1", history.get(history.size() - 1).get("by").asText());

        var unacked = operator.post("/api/alarms/" + alarm.serialNo() + "/unack", "");
        assertFalse(unacked.body().get("acknowledged").asBoolean());
        assertTrue(unacked.body().get("state").asText().equals("active"));
    }

    @Test
    void commentsAreKeptWithTheAlarm() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        var answer = operator.post("/api/alarms/" + alarm.serialNo() + "/comments", "{\"text\":\"network team paged\"}");
        assertEquals(200, answer.status());
        assertEquals("network team paged", answer.body().get("comments").get(0).get("text").asText());
        assertEquals(400, operator.post("/api/alarms/" + alarm.serialNo() + "/comments", "{}").status());
    }

    @Test
    void anAutoClearingAlarmIsClearedByHandOnlyByAnAdminGivingAReason() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String path = "/api/alarms/" + alarm.serialNo() + "/clear";
        var byOperator = operator.post(path, "{\"reason\":\"client decommissioned\"}");
        assertEquals(409, byOperator.status(), byOperator.body().toString());
        assertTrue(byOperator.body().get("error").asText().contains("only an admin"));
        assertEquals(409, admin.post(path, "{}").status(), "an admin needs a reason");

        var cleared = admin.post(path, "{\"reason\":\"client decommissioned\"}");
        assertEquals(200, cleared.status());
        assertEquals("manual", cleared.body().get("clearType").asText());
        assertEquals("cleared", cleared.body().get("state").asText());
        assertEquals(409, admin.post(path, "{\"reason\":\"again\"}").status(), "already cleared");
    }

    @Test
    void unknownSerialsAnswer404AndBadOnes400() {
        assertEquals(404, operator.post("/api/alarms/987654321/ack", "").status());
        assertEquals(400, operator.post("/api/alarms/abc/ack", "").status());
    }

    @Test
    void aViewerCannotAct() {
        Alarm alarm = activeAlarm(FlumeLink.fresh());
        String token = admin.post("/api/tokens", "{\"name\":\"watcher\",\"role\":\"viewer\"}").body().get("token")
                .asText();
        assertEquals(403, admin.as(token).post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
    }

    @Test
    void acksRacingAnAutoClearEndInOneConsistentAlarm() throws Exception {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = activeAlarm(link);
        var pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(() -> operator.post("/api/alarms/" + alarm.serialNo() + "/ack", "").status());
        }
        racers.add(() -> {
            harness.send(link.connected(alarm.occurredAt().plusSeconds(5)));
            return 200;
        });
        for (Future<Integer> f : pool.invokeAll(racers)) {
            assertEquals(200, f.get());
        }
        pool.shutdown();
        Alarm done = harness.awaitAlarm(link, a -> !a.active());
        assertTrue(done.acknowledged());
        assertEquals("auto", done.clearType().wireName());
        long acks = done.history().stream().filter(c -> c.change().equals("acknowledged")).count();
        assertEquals(1, acks, "acking an acknowledged alarm changes nothing");
        assertEquals(1, done.history().stream().filter(c -> c.change().equals("cleared")).count());
    }
}
