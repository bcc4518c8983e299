package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the HTTP API shows of retracted alarms, on a whole engine and a real broker. How alarms come
 * to be retracted is in {@link LateReconnectRetractionTest}, on the topology alone.
 */
class LateReconnectRetractionOnBrokerTest {

    private static final Duration WINDOW = Duration.ofMinutes(3);

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    @Test
    void theApiShowsFiltersAndCountsRetractedAlarmsAsTheirOwnClearType() {
        Instant t = harness.freshHour();
        FlumeLink blip = FlumeLink.fresh();
        FlumeLink outage = FlumeLink.fresh();
        harness.send(blip.disconnected(t), outage.disconnected(t));
        harness.clockAt(t.plus(WINDOW).plusSeconds(10));
        harness.awaitAlarm(blip, Alarm::active);
        harness.awaitAlarm(outage, Alarm::active);
        harness.send(blip.connected(t.plusSeconds(100)), outage.connected(t.plus(WINDOW).plusSeconds(5)));
        harness.awaitAlarm(blip, a -> !a.active());
        harness.awaitAlarm(outage, a -> !a.active());

        ApiClient api = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        String window = "&from=" + t + "&to=" + t.plus(Duration.ofMinutes(30));
        var retracted = api.get("/api/alarms?state=cleared&clearType=retracted" + window);
        assertEquals(200, retracted.status(), retracted.body().toString());
        assertEquals(1, retracted.body().get("total").asInt());
        assertEquals("retracted", retracted.body().get("items").get(0).get("clearType").asText());
        assertEquals(blip.clientIp(), retracted.body().get("items").get(0).get("params").get("clientIp").asText());
        var auto = api.get("/api/alarms?state=cleared&clearType=auto" + window);
        assertEquals(1, auto.body().get("total").asInt(), "a retraction is not counted as an automatic clear");
        assertEquals(outage.clientIp(), auto.body().get("items").get(0).get("params").get("clientIp").asText());

        var unknown = api.get("/api/alarms?clearType=sometimes");
        assertEquals(400, unknown.status());
        assertTrue(unknown.problems().get(0).startsWith("clearType:"), unknown.problems().toString());
    }
}
