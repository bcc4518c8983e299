package io.almengine.process;

import static io.almengine.process.EngineProcessIT.awaitAlarm;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.probe.TcpTable;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeAgent;
import io.almengine.testing.ProbeProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on real software: Apache Flume 1.11.0 agents in their own processes (server:
 * Avro source on 127.0.0.1; client: exec source → memory channel → Avro sink), the probe from the
 * packaged jar watching the server's port and posting to the engine's API, and the engine from
 * the packaged jar with ALM-24003 shortened to 5 seconds. The client is SIGKILLed and later
 * started again: exactly one alarm, raised with the client's address and mapped name, cleared.
 */
class FlumeEndToEndIT {

    private static final Duration RAISE_AFTER = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void aKilledFlumeClientRaisesAlm24003AndItsRestartClearsIt() throws Exception {
        Path flume = tmp.resolve("flume");
        int port = freePort();
        Path definitions = Definitions.flumeWithRaiseAfter(RAISE_AFTER);
        Path clients = tmp.resolve("clients.yaml");
        Files.writeString(clients, """
                clients:
                  - ip: 127.0.0.1
                    name: flume-client-e2e
                    sink: avro-sink
                """);
        try (var engine = EngineProcess.start(tmp.resolve("data"), "--embedded-kafka-port", "0",
                "--definitions", definitions.toString());
             var server = FlumeAgent.start(flume, "server", serverConfig(port))
                     .awaitLog("Avro source avro started", Duration.ofSeconds(60));
             var probe = ProbeProcess.start("--port", String.valueOf(port), "--component", "flume",
                     "--source", "e2e", "--server-host", "127.0.0.1", "--engine", engine.baseUrl(),
                     "--token-file", tmp.resolve("data/admin.token").toString(), "--clients", clients.toString(),
                     "--state-file", tmp.resolve("probe-state.json").toString())) {

            Instant killed;
            try (FlumeAgent client = startClient(flume, port)) {
                awaitConnections(port, 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> eventsApplied(engine) >= 1);
                killed = Instant.now();
                client.kill();
            }
            awaitConnections(port, 0);
            JsonNode raised = awaitAlarm(engine, "active", () -> "probe output:\n" + probe.output() + "\n");
            assertEquals(24003, raised.get("alarmId").asInt());
            assertEquals("127.0.0.1", raised.get("params").get("clientIp").asText());
            assertEquals("flume-client-e2e", raised.get("params").get("clientName").asText());
            assertEquals("avro-sink", raised.get("params").get("sinkName").asText());
            assertEquals(String.valueOf(port), raised.get("params").get("serverPort").asText());
            Instant occurred = Instant.parse(raised.get("occurredAt").asText());
            assertTrue(!occurred.isBefore(killed.plus(RAISE_AFTER)), "raised " + occurred + ", killed " + killed);

            try (FlumeAgent again = startClient(flume, port)) {
                awaitConnections(port, 1);
                JsonNode cleared = awaitAlarm(engine, "cleared", () -> "probe output:\n" + probe.output() + "\n");
                assertEquals(raised.get("serialNo"), cleared.get("serialNo"));
                assertEquals("auto", cleared.get("clearType").asText());

                JsonNode all = Json.MAPPER.readTree(engine.get("/api/alarms?state=all").body());
                assertEquals(1, all.get("total").asInt(), "exactly one alarm over the run: " + all);
            }
        }
    }

    private static FlumeAgent startClient(Path dir, int port) throws IOException, InterruptedException {
        return FlumeAgent.start(dir, "client", clientConfig(port)).awaitLog("Rpc sink avro started",
                Duration.ofSeconds(60));
    }

    private static String serverConfig(int port) {
        return """
                server.sources = avro
                server.channels = mem
                server.sinks = nil
                server.sources.avro.type = avro
                server.sources.avro.bind = 127.0.0.1
                server.sources.avro.port = %d
                server.sources.avro.channels = mem
                server.channels.mem.type = memory
                server.sinks.nil.type = null
                server.sinks.nil.channel = mem
                """.formatted(port);
    }

    private static String clientConfig(int port) {
        return """
                client.sources = exec
                client.channels = mem
                client.sinks = avro
                client.sources.exec.type = exec
                client.sources.exec.shell = /bin/sh -c
                client.sources.exec.command = while true; do echo tick; sleep 1; done
                client.sources.exec.channels = mem
                client.channels.mem.type = memory
                client.sinks.avro.type = avro
                client.sinks.avro.hostname = 127.0.0.1
                client.sinks.avro.port = %d
                client.sinks.avro.channel = mem
                """.formatted(port);
    }

    /** Waits until the server port has {@code count} established clients, as the kernel says. */
    private static void awaitConnections(int port, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> TcpTable.clientsOf(Path.of("/proc/net"), Set.of(port)).size() == count);
    }

    private static long eventsApplied(EngineProcess engine) throws Exception {
        return Json.MAPPER.readTree(engine.get("/api/health").body()).path("eventsApplied").asLong();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
