package io.almengine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine as a user runs it: {@code java -jar alarm-engine.jar run …} in its own process,
 * ready once it prints its ready line. {@link #kill()} is a SIGKILL.
 */
public final class EngineProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ALM engine ready: (http://\\S+) kafka=(\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final Path dataDir;
    private final String baseUrl;
    private final String kafka;
    private final List<String> output;

    private EngineProcess(Process process, Path dataDir, String baseUrl, String kafka, List<String> output) {
        this.process = process;
        this.dataDir = dataDir;
        this.baseUrl = baseUrl;
        this.kafka = kafka;
        this.output = output;
    }

    public static Path jar() {
        return Path.of(System.getProperty("alm.jar", "target/alarm-engine.jar"));
    }

    /** Starts {@code run} with {@code --http-port 0 --data-dir dataDir} and the given extra arguments. */
    public static EngineProcess start(Path dataDir, String... args) throws IOException {
        return start(Duration.ofSeconds(120), dataDir, args);
    }

    /**
     * Like {@link #start(Path, String...)}, but gives up (SIGKILL, {@link IllegalStateException} with
     * the output) when the ready line has not come within {@code readyTimeout}: for tests that measure
     * how long a start takes and must stay bounded when it takes too long.
     */
    public static EngineProcess start(Duration readyTimeout, Path dataDir, String... args) throws IOException {
        var command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar().toString(), "run",
                "--http-port", "0", "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = java.util.Collections.synchronizedList(new ArrayList<String>());
        var ready = new CompletableFuture<Matcher>();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready.complete(m);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            ready.completeExceptionally(new IllegalStateException("engine exited before it was ready:\n"
                    + String.join("\n", output)));
        }, "engine-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Matcher m = ready.get(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return new EngineProcess(process, dataDir, m.group(1), m.group(2), output);
        } catch (Exception e) {
            // Gone for sure before the caller starts another engine on the same data directory.
            try {
                ChildProcess.kill(process);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("engine did not become ready: " + e.getMessage() + "\n"
                    + String.join("\n", output), e);
        }
    }

    /** Runs the jar to completion (for start-ups that must fail) and returns exit code and output. */
    public static Result runToExit(String... args) throws Exception {
        var command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not exit:\n" + out);
        }
        return new Result(process.exitValue(), out);
    }

    public record Result(int exitCode, String output) {
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String kafka() {
        return kafka;
    }

    public String adminToken() throws IOException {
        return Files.readString(dataDir.resolve("admin.token")).trim();
    }

    /** The engine's process id, to send it a signal. */
    public long pid() {
        return process.pid();
    }

    public String output() {
        return String.join("\n", output);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    public void kill() throws InterruptedException {
        ChildProcess.kill(process);
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcess.stop(process, Duration.ofSeconds(30));
    }
}
