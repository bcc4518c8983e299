package io.almengine.lifecycle;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An alarm outlives its definition: the operator can still work it after the type was removed. */
class RemovedDefinitionTest {

    @TempDir
    Path definitions;

    @Test
    void anAlarmWhoseDefinitionWasRemovedCanStillBeAcknowledgedCommentedAndCleared() throws IOException {
        try (var files = Files.list(EngineHarness.repoFolder("alarm-definitions"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, definitions.resolve(f.getFileName()));
            }
        }
        try (EngineHarness harness = new EngineHarness(definitions, EngineHarness.repoFolder("rules"),
                EngineHarness.repoFolder("runbooks")).start()) {
            FlumeLink link = FlumeLink.fresh();
            harness.clockAt(T0);
            harness.send(link.disconnected(T0));
            harness.clockAt(T0.plus(Duration.ofMinutes(3)));
            Alarm alarm = harness.awaitAlarm(link, Alarm::active);

            harness.stopEngine();
            Files.delete(definitions.resolve("ALM-24003.yaml"));
            harness.start();

            var operator = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
            var acked = operator.post("/api/alarms/" + alarm.serialNo() + "/ack", "");
            assertEquals(200, acked.status(), acked.body().toString());
            assertTrue(acked.body().get("acknowledged").asBoolean());
            var commented = operator.post("/api/alarms/" + alarm.serialNo() + "/comments",
                    "{\"text\":\"ALM-24003 was retired; closing by hand\"}");
            assertEquals(200, commented.status(), commented.body().toString());
            var cleared = operator.post("/api/alarms/" + alarm.serialNo() + "/clear", "{\"reason\":\"type retired\"}");
            assertEquals(200, cleared.status(), cleared.body().toString());
            assertEquals("cleared", cleared.body().get("state").asText());
        }
    }
}
