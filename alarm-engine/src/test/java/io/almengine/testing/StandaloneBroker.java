package io.almengine.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker started from the engine's own jar the way Kafka's scripts start one
 * ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka server.properties}), in its own process.
 * It can be stopped and started again on the same ports and data, as an operator restarts a broker.
 */
public final class StandaloneBroker implements AutoCloseable {

    private Process process;
    private final int port;
    private final Path properties;
    private final Path logFile;

    private StandaloneBroker(int port, Path properties, Path logFile) {
        this.port = port;
        this.properties = properties;
        this.logFile = logFile;
    }

    public static StandaloneBroker start(Path dir) throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        Path props = dir.resolve("server.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0", ""));
        run(List.of("kafka.tools.StorageTool", "format", "-t", "alm-standalone-test-1", "-c",
                props.toString()));
        var broker = new StandaloneBroker(port, props, dir.resolve("broker.log"));
        broker.launch();
        return broker;
    }

    /** Starts the broker process and returns once it accepts connections. */
    private void launch() throws Exception {
        process = new ProcessBuilder("java", "-Xmx512m", "-cp", EngineProcess.jar().toString(), "kafka.Kafka",
                properties.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException("broker did not listen:\n" + Files.readString(logFile));
    }

    /** Stops the broker the way an operator does (SIGTERM, controlled shutdown); its data stays. */
    public void stop() throws InterruptedException {
        close();
    }

    /** Starts the stopped broker again on the same ports and data directory. */
    public void startAgain() throws Exception {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        launch();
    }

    private static void run(List<String> mainAndArgs) throws Exception {
        var command = new java.util.ArrayList<>(List.of("java", "-cp", EngineProcess.jar().toString()));
        command.addAll(mainAndArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", mainAndArgs) + " failed:\n" + out);
        }
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public String log() throws IOException {
        return Files.readString(logFile);
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcess.stop(process, Duration.ofSeconds(30));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
