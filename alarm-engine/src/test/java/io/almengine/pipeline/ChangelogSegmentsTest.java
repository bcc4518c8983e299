package io.almengine.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.detect.DetectProcessor;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.TestBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The per-connection changelogs roll small segments, so compaction keeps what a restore reads short. */
class ChangelogSegmentsTest {

    @Test
    void perConnectionChangelogsAreCompactedInSmallSegments() throws Exception {
        try (var harness = new EngineHarness().start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap()))) {
            for (String store : List.of(DetectProcessor.CONNECTIONS_STORE, DetectProcessor.DEADLINES_STORE)) {
                var topic = new ConfigResource(ConfigResource.Type.TOPIC, harness.changelogOf(store));
                var config = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin
                        .describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic), c -> c != null);
                assertEquals("compact", config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(), store);
                assertEquals(Integer.toString(64 * 1024 * 1024), config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(),
                        store);
            }
        }
    }
}
