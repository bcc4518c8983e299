package io.almengine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar alm-probe.jar …} in its own process, ready once it prints its ready line: the
 * probe's own jar, as server hosts run it (built by the probe module before the engine).
 */
public final class ProbeProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output;

    private ProbeProcess(Process process, List<String> output) {
        this.process = process;
        this.output = output;
    }

    public static Path jar() {
        return Path.of(System.getProperty("alm.probe.jar", "../probe/target/alm-probe.jar"));
    }

    public static ProbeProcess start(String... args) throws IOException {
        var command = new ArrayList<>(List.of("java", "-Xmx128m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        var ready = new CompletableFuture<Void>();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                    if (line.startsWith("ALM probe ready:")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            ready.completeExceptionally(new IllegalStateException("probe exited:\n" + String.join("\n", output)));
        }, "probe-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("probe did not start: " + String.join("\n", output), e);
        }
        return new ProbeProcess(process, output);
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        ChildProcess.stop(process, Duration.ofSeconds(20));
    }
}
