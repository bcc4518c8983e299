package io.almengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine started as an operator starts it, {@code run} in a JVM of its own, so that a restart
 * is timed with everything it costs: JVM start, rule compilation, state restore, catch-up.
 */
final class EngineChild implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("ALM engine ready: (http://\\S+) kafka=");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();

    private EngineChild(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        baseUrl.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            baseUrl.completeExceptionally(new IllegalStateException("the engine exited before it was ready"));
        }, "bench-child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code run} with this JVM's class path, a 1 GiB heap and the given options; its log goes to {@code log}. */
    static EngineChild start(List<String> runOptions, Path log) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.almengine.cli.Main");
        command.add("run");
        command.addAll(runOptions);
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        return new EngineChild(process);
    }

    /** Waits until the engine has applied at least {@code events} events since it started. */
    void awaitEventsApplied(long events, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String url = baseUrl.get(timeout.toMillis(), TimeUnit.MILLISECONDS) + "/api/health";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                JsonNode applied = Json.MAPPER.readTree(response.body()).get("eventsApplied");
                if (applied != null && applied.asLong() >= events) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the engine did not process " + events + " events within " + timeout);
    }

    /** SIGKILL: no shutdown, no commit, no goodbye to the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
