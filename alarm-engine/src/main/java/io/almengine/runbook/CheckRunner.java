package io.almengine.runbook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs a step's check on the engine's own host. The four types are Java code; their one argument
 * comes from the runbook with the alarm's parameters filled in, and a filled-in value is checked
 * again here, because parameters arrive in events: a host must look like a host, a port a port, a
 * URL must be http(s), a path absolute without {@code ..}. Nothing is ever handed to a shell.
 * Every check is bounded by its timeout, and only a few run at once.
 */
public final class CheckRunner implements AutoCloseable {

    /** Checks wait on the network; a handful at once is plenty for people clicking buttons. */
    private static final int THREADS = 4;
    private static final int QUEUE = 16;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");

    private final Duration defaultTimeout;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private final HttpClient http;

    public CheckRunner(Duration defaultTimeout, Clock clock) {
        this.defaultTimeout = defaultTimeout;
        this.clock = clock;
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "runbook-check");
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(defaultTimeout).build();
    }

    /** Runs the check of {@code step} with {@code params} filled in. The step must carry a check. */
    public CheckResult run(Step step, Map<String, String> params) {
        Check check = step.check();
        Instant at = clock.instant();
        long t0 = System.nanoTime();
        var missing = new ArrayList<String>();
        String target = Placeholders.fill(check.target(), name -> {
            String value = params.get(name);
            if (value == null || value.isEmpty()) {
                missing.add(name);
                return RenderedRunbook.missing(name);
            }
            return value;
        });
        if (!missing.isEmpty()) {
            return new CheckResult(step.id(), check.type(), target, false, "cannot run: this alarm has no value for "
                    + String.join(", ", missing), null, at, 0);
        }
        Duration timeout = check.timeout() == null ? defaultTimeout : check.timeout();
        Outcome outcome;
        try {
            Future<Outcome> future = pool.submit(() -> switch (check.type()) {
                case TCP_CONNECT -> tcpConnect(target, timeout);
                case HTTP_GET -> httpGet(target, check.expectStatus(), timeout);
                case FILE_EXISTS -> fileExists(target);
                case PROCESS_RUNNING -> processRunning(target);
            });
            try {
                // The margin lets the check's own timeout (connect, request) speak first, with its reason.
                outcome = future.get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                outcome = Outcome.failed("no result within " + timeout);
            } catch (ExecutionException e) {
                outcome = e.getCause() instanceof IllegalArgumentException bad
                        ? Outcome.invalid(bad.getMessage()) : Outcome.failed(String.valueOf(e.getCause()));
            }
        } catch (RejectedExecutionException e) {
            outcome = Outcome.invalid("cannot run now: too many checks are running; try again in a moment");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.invalid("interrupted");
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        return new CheckResult(step.id(), check.type(), target, outcome.passed, outcome.detail,
                outcome.ran ? check.suggestion(outcome.passed) : null, at, elapsed);
    }

    /** {@code ran}: the check ran and its result means something; else it suggests no answer. */
    private record Outcome(boolean ran, boolean passed, String detail) {
        static Outcome passed(String detail) {
            return new Outcome(true, true, detail);
        }

        static Outcome failed(String detail) {
            return new Outcome(true, false, detail);
        }

        static Outcome invalid(String detail) {
            return new Outcome(false, false, "cannot run: " + detail);
        }
    }

    private static Outcome tcpConnect(String target, Duration timeout) {
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "" : target.substring(0, colon);
        String portText = colon < 0 ? "" : target.substring(colon + 1);
        if (!HOST.matcher(host).matches() || !portText.matches("[0-9]{1,5}")
                || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("'" + target + "' is not host:port");
        }
        long t0 = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.replace("[", "").replace("]", ""), Integer.parseInt(portText)),
                    (int) timeout.toMillis());
            return Outcome.passed("connected to " + target + " in " + (System.nanoTime() - t0) / 1_000_000
                    + " ms, from the engine's host");
        } catch (IOException e) {
            return Outcome.failed("cannot connect to " + target + " from the engine's host: " + e.getMessage());
        }
    }

    private Outcome httpGet(String target, List<Integer> expected, Duration timeout) throws InterruptedException {
        URI uri;
        try {
            uri = URI.create(target);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + target + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + target + "' is not an http(s) URL with a host");
        }
        try {
            // The body is discarded: only whether and how the server answers matters, and nothing it
            // sends ends up in an API answer.
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (expected.isEmpty() || expected.contains(status)) {
                return Outcome.passed("HTTP " + status + " from " + target
                        + (expected.isEmpty() ? " (any answer shows the server is reachable)" : ""));
            }
            return Outcome.failed("HTTP " + status + " from " + target + "; expected " + expected);
        } catch (IOException e) {
            return Outcome.failed("no HTTP answer from " + target + ": " + e);
        }
    }

    private static Outcome fileExists(String target) {
        Path path;
        try {
            path = Path.of(target);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + target + "' is not a path");
        }
        if (!path.isAbsolute() || !path.normalize().equals(path) || target.contains("/./") || target.contains("//")) {
            throw new IllegalArgumentException("'" + target + "' is not an absolute path without . or ..");
        }
        if (Files.isRegularFile(path)) {
            return Outcome.passed(target + " exists (a file), on the engine's host");
        }
        if (Files.isDirectory(path)) {
            return Outcome.passed(target + " exists (a folder), on the engine's host");
        }
        if (Files.exists(path)) {
            return Outcome.passed(target + " exists, on the engine's host");
        }
        return Outcome.failed(target + " does not exist on the engine's host");
    }

    /** Like {@code ps -ef|grep A|grep B}: a process matches when its command line holds every word. */
    private static Outcome processRunning(String pattern) {
        List<String> words = Arrays.stream(pattern.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        long self = ProcessHandle.current().pid();
        List<String> matches = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> {
                    String line = p.info().commandLine().orElse("");
                    return !line.isEmpty() && words.stream().allMatch(line::contains);
                })
                // Only pid and program: arguments may hold passwords.
                .map(p -> "pid " + p.pid() + " (" + p.info().command().map(c -> Path.of(c).getFileName().toString())
                        .orElse("?") + ")")
                .limit(10).toList();
        if (matches.isEmpty()) {
            return Outcome.failed("no process on the engine's host has " + words + " in its command line");
        }
        return Outcome.passed(matches.size() + (matches.size() == 10 ? " or more" : "") + " process"
                + (matches.size() == 1 ? "" : "es") + " on the engine's host match " + words + ": "
                + String.join(", ", matches));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
