package io.almengine.process;

import static io.almengine.process.EngineProcessIT.awaitAlarm;
import static io.almengine.process.EngineProcessIT.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.StandaloneBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine jar also carries a plain Kafka broker, and the engine runs against it as against any cluster. */
class StandaloneBrokerIT {

    @TempDir
    Path dir;

    @Test
    void theJarStartsAStandaloneBrokerThatTheEngineUses() throws Exception {
        try (var broker = StandaloneBroker.start(Files.createDirectories(dir.resolve("broker")))) {
            try (var engine = EngineProcess.start(Files.createDirectories(dir.resolve("engine")),
                    "--kafka-bootstrap", broker.bootstrap(),
                    "--definitions", Definitions.flumeWithRaiseAfter(Duration.ofSeconds(1)).toString())) {
                assertEquals(broker.bootstrap(), engine.kafka());
                FlumeLink link = FlumeLink.fresh();
                engine.post("/api/events", json(link.disconnected(Instant.now().minusSeconds(5))));
                assertEquals(link.clientIp(), awaitAlarm(engine, "active").get("params").get("clientIp").asText());
            }
        }
    }
}
