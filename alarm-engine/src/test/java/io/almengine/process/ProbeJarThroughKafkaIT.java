package io.almengine.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.ProbeProcess;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's own jar against a real engine: {@code java -jar alm-probe.jar --kafka-bootstrap …}
 * publishes to the engine's Kafka, and the engine reads its events and watermarks as its own (one
 * wire format, one model). The socket table is a file the test writes (the probe's hidden
 * {@code --proc-net}), so a client can come and go without real traffic and on any OS.
 */
class ProbeJarThroughKafkaIT {

    private static final int SERVER_PORT = 21999;
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    @TempDir
    Path tmp;

    @Test
    void aClientThatLeavesRaisesAnAlarmAndItsReturnClearsIt() throws Exception {
        Path definitions = Definitions.flumeWithRaiseAfter(Duration.ofSeconds(3));
        Path procNet = Files.createDirectories(tmp.resolve("proc-net"));
        Path table = procNet.resolve("tcp");
        Files.writeString(table, HEADER + established("10.9.0.1", 41234));
        Path clients = Files.writeString(tmp.resolve("clients.yaml"), String.join("\n",
                "clients:",
                "  - ip: 10.9.0.1",
                "    name: client-j",
                "    sink: avro_sink", ""));
        try (var engine = EngineProcess.start(tmp.resolve("data"), "--embedded-kafka-port", "0",
                "--definitions", definitions.toString());
             var probe = ProbeProcess.start("--kafka-bootstrap", engine.kafka(), "--port", String.valueOf(SERVER_PORT),
                     "--component", "flume", "--source", "probe-jar", "--server-host", "127.0.0.1",
                     "--clients", clients.toString(), "--state-file", tmp.resolve("probe-state.json").toString(),
                     "--proc-net", procNet.toString(), "--sample-interval", "PT0.2S")) {
            String link = "probe-jar|flume|127.0.0.1:" + SERVER_PORT + "|10.9.0.1|client-j|avro_sink";
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.output().contains("CONNECTED " + link));

            Files.writeString(table, HEADER);
            JsonNode raised = EngineProcessIT.awaitAlarm(engine, "active", () -> "probe output:\n" + probe.output() + "\n");
            assertEquals(24003, raised.get("alarmId").asInt());
            JsonNode params = raised.get("params");
            assertEquals(List.of("10.9.0.1", "client-j", "avro_sink", "127.0.0.1", String.valueOf(SERVER_PORT)),
                    List.of(params.get("clientIp").asText(), params.get("clientName").asText(),
                            params.get("sinkName").asText(), params.get("serverHost").asText(),
                            params.get("serverPort").asText()), raised.toString());

            Files.writeString(table, HEADER + established("10.9.0.1", 41235));
            JsonNode cleared = EngineProcessIT.awaitAlarm(engine, "cleared", () -> "probe output:\n" + probe.output() + "\n");
            assertEquals(raised.get("serialNo"), cleared.get("serialNo"));
            assertEquals("auto", cleared.get("clearType").asText());
        }
    }

    @Test
    void theEngineJarStillRunsTheProbeAsAnAlias() throws Exception {
        var alias = EngineProcess.runToExit("probe", "--help");
        assertEquals(0, alias.exitCode(), alias.output());
        assertTrue(alias.output().startsWith("Usage: alarm-engine.jar probe "), alias.output());
        for (String option : List.of("--port", "--kafka-bootstrap", "--engine", "--token-file", "--clients")) {
            assertTrue(alias.output().contains(option), alias.output());
        }
    }

    /** One line of /proc/net/tcp: an established connection from {@code clientIp} to the watched port. */
    private static String established(String clientIp, int clientPort) throws Exception {
        return "   0: " + hex(InetAddress.getByName("127.0.0.1")) + ":" + "%04X".formatted(SERVER_PORT) + " "
                + hex(InetAddress.getByName(clientIp)) + ":" + "%04X".formatted(clientPort)
                + " 01 00000000:00000000 00:00000000 00000000  1000        0 1 1 0000000000000000 20 4 30 10 -1\n";
    }

    /** The kernel prints an IPv4 address as one 32-bit word in host byte order. */
    private static String hex(InetAddress address) {
        return "%08X".formatted(ByteBuffer.wrap(address.getAddress()).order(ByteOrder.nativeOrder()).getInt());
    }
}
