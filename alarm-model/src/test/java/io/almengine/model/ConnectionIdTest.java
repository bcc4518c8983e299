package io.almengine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectionIdTest {

    private static ConnectionEvent flume(String serverHost, Integer serverPort) {
        return new ConnectionEvent(EventType.CONNECTED, Instant.parse("2026-11-20T08:00:00Z"), "flume", "hacluster",
                "192.168.10.21", "client1", "avro_sink", serverHost, serverPort, Map.of());
    }

    @Test
    void eventsAreKeyedAsBefore() {
        assertEquals("hacluster|flume|192.168.10.5:21154|192.168.10.21|client1|avro_sink",
                flume("192.168.10.5", 21154).connectionId());
        assertEquals("hacluster|flume||192.168.10.21|client1|avro_sink", flume(null, null).connectionId());
        assertEquals("hacluster|flume|:21154|192.168.10.21|client1|avro_sink", flume(null, 21154).connectionId());
        assertEquals("hacluster|flume|192.168.10.5:|192.168.10.21|client1|avro_sink",
                flume("192.168.10.5", null).connectionId());
    }

    @Test
    void readsBackIntoTheSameParts() {
        String id = "hacluster|flume|192.168.10.5:21154|192.168.10.21|client1|avro_sink";
        ConnectionId parsed = ConnectionId.parse(id).orElseThrow();
        assertEquals(new ConnectionId("hacluster", "flume", "192.168.10.5:21154", "192.168.10.21", "client1",
                "avro_sink"), parsed);
        assertEquals(id, parsed.toString());
        assertEquals("sls|logtail||10.0.0.7|agent-7|",
                ConnectionId.parse("sls|logtail||10.0.0.7|agent-7|").orElseThrow().toString());
    }

    @Test
    void theClientSideLeavesOutTheServer() {
        assertEquals("hacluster|fluentd|192.168.10.21|client1|forward",
                ConnectionId.parse("hacluster|fluentd|agg-1:24224|192.168.10.21|client1|forward").orElseThrow()
                        .withoutServer());
    }

    @Test
    void textWithoutSixPartsIsNoConnectionId() {
        assertEquals(Optional.empty(), ConnectionId.parse("reporter-a"));
        assertEquals(Optional.empty(), ConnectionId.parse("a|b|c|d|e"));
        assertEquals(Optional.empty(), ConnectionId.parse("a|b|c|d|e|f|g"));
        assertEquals(Optional.empty(), ConnectionId.parse(null));
    }
}
