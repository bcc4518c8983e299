package io.almengine.testing;

import io.almengine.kafka.EmbeddedBroker;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real Kafka broker for the whole test run (on 127.0.0.1, a free port, a temporary folder).
 * Test classes keep out of each other's way with their own topic prefix and application id.
 */
public final class TestBroker {

    private static EmbeddedBroker broker;

    private TestBroker() {
    }

    public static synchronized String bootstrap() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("alm-test-broker");
                broker = EmbeddedBroker.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-broker-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test broker", e);
            }
        }
        return broker.bootstrap();
    }
}
