package io.almengine.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.almengine.definition.AlarmDefinition.Text;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check type against real local targets: a listening socket, a real HTTP server, real files
 * and a real process; arguments filled from alarm parameters, and refused when a value is unfit.
 */
class CheckRunnerTest {

    private static final CheckRunner RUNNER = new CheckRunner(Duration.ofSeconds(3), Clock.systemUTC());
    private static HttpServer http;
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    @TempDir
    Path tmp;

    @BeforeAll
    static void startHttpServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // What a Logtail endpoint answers to a bare GET: an error, which still proves it is reachable.
        http.createContext("/", exchange -> {
            byte[] body = "{\"Error\":{\"Code\":\"OLSInvalidMethod\"}}".getBytes();
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/ok", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        http.createContext("/hang", exchange -> {
            try {
                NEVER.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        http.stop(0);
        RUNNER.close();
    }

    // ---------------------------------------------------------------- tcp-connect

    @Test
    void tcpConnectPassesAgainstAListeningSocketAndSuggestsYes() throws IOException {
        try (var server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CheckResult result = run(check(Check.Type.TCP_CONNECT, "{serverHost}:{serverPort}"),
                    Map.of("serverHost", "127.0.0.1", "serverPort", String.valueOf(server.getLocalPort())));

            assertTrue(result.passed(), result.detail());
            assertEquals("yes", result.suggestedAnswer());
            assertEquals("127.0.0.1:" + server.getLocalPort(), result.target());
            assertTrue(result.detail().startsWith("connected to 127.0.0.1:" + server.getLocalPort()), result.detail());
        }
    }

    @Test
    void tcpConnectFailsAgainstAClosedPortAndSuggestsNo() throws IOException {
        int port;
        try (var server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        CheckResult result = run(check(Check.Type.TCP_CONNECT, "{serverHost}:{serverPort}"),
                Map.of("serverHost", "127.0.0.1", "serverPort", String.valueOf(port)));

        assertFalse(result.passed());
        assertEquals("no", result.suggestedAnswer());
        assertTrue(result.detail().contains("cannot connect to 127.0.0.1:" + port), result.detail());
    }

    @Test
    void aParameterValueThatIsNoHostIsRefusedNotConnectedTo() {
        CheckResult result = run(check(Check.Type.TCP_CONNECT, "{serverHost}:{serverPort}"),
                Map.of("serverHost", "127.0.0.1;rm -rf /", "serverPort", "22"));

        assertFalse(result.passed());
        assertNull(result.suggestedAnswer(), "a check that could not run suggests nothing");
        assertTrue(result.detail().startsWith("cannot run: "), result.detail());
    }

    @Test
    void aParameterTheAlarmLacksMeansTheCheckCannotRun() {
        CheckResult result = run(check(Check.Type.TCP_CONNECT, "{serverHost}:{serverPort}"),
                Map.of("serverHost", "127.0.0.1", "serverPort", ""));

        assertFalse(result.passed());
        assertNull(result.suggestedAnswer());
        assertEquals("cannot run: this alarm has no value for serverPort", result.detail());
    }

    // ---------------------------------------------------------------- http-get

    @Test
    void httpGetWithoutExpectedStatusPassesOnAnyAnswer() {
        CheckResult result = run(check(Check.Type.HTTP_GET, "http://{endpoint}/"),
                Map.of("endpoint", "127.0.0.1:" + http.getAddress().getPort()));

        assertTrue(result.passed(), result.detail());
        assertTrue(result.detail().startsWith("HTTP 400 from http://127.0.0.1:"), result.detail());
    }

    @Test
    void httpGetWithExpectedStatusFailsOnAnother() {
        Check expect200 = new Check(Check.Type.HTTP_GET, "http://{endpoint}/", List.of(200), null, null);
        String endpoint = "127.0.0.1:" + http.getAddress().getPort();

        CheckResult other = run(expect200, Map.of("endpoint", endpoint));
        assertFalse(other.passed());
        assertTrue(other.detail().contains("HTTP 400") && other.detail().contains("expected [200]"), other.detail());

        Check ok = new Check(Check.Type.HTTP_GET, "http://{endpoint}/ok", List.of(200), null, null);
        assertTrue(run(ok, Map.of("endpoint", endpoint)).passed());
    }

    @Test
    void httpGetThatGetsNoAnswerFailsWithinItsTimeout() {
        Check hang = new Check(Check.Type.HTTP_GET, "http://{endpoint}/hang", List.of(), Duration.ofMillis(500), null);
        long t0 = System.nanoTime();

        CheckResult result = run(hang, Map.of("endpoint", "127.0.0.1:" + http.getAddress().getPort()));

        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertFalse(result.passed());
        assertEquals("no", result.suggestedAnswer());
        assertTrue(ms < 2_500, "bounded by the check's timeout, took " + ms + " ms");
    }

    // ---------------------------------------------------------------- file-exists

    @Test
    void fileExistsSeesARealFileAndMissesAnAbsentOne() throws IOException {
        Path users = Files.createDirectories(tmp.resolve("etc/ilogtail/users"));
        Files.writeString(users.resolve("1234567890"), "");
        Check check = check(Check.Type.FILE_EXISTS, tmp + "/etc/ilogtail/users/{accountId}");

        CheckResult present = run(check, Map.of("accountId", "1234567890"));
        assertTrue(present.passed(), present.detail());
        assertTrue(present.detail().contains("exists (a file)"), present.detail());

        CheckResult absent = run(check, Map.of("accountId", "999"));
        assertFalse(absent.passed());
        assertEquals("no", absent.suggestedAnswer());
    }

    @Test
    void fileExistsRefusesAParameterThatClimbsOutOfItsFolder() {
        CheckResult result = run(check(Check.Type.FILE_EXISTS, tmp + "/users/{accountId}"),
                Map.of("accountId", "../../../etc/passwd"));

        assertFalse(result.passed());
        assertNull(result.suggestedAnswer());
        assertTrue(result.detail().startsWith("cannot run: "), result.detail());
    }

    // ---------------------------------------------------------------- process-running

    @Test
    void processRunningFindsARealProcessByEveryWordOfItsPattern() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "3141").start();
        try {
            CheckResult result = run(check(Check.Type.PROCESS_RUNNING, "sleep 3141"), Map.of());
            assertTrue(result.passed(), result.detail());
            assertTrue(result.detail().contains("pid " + sleeper.pid() + " (sleep)"), result.detail());

            CheckResult other = run(check(Check.Type.PROCESS_RUNNING, "sleep 2718"), Map.of());
            assertFalse(other.passed(), other.detail());
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
        assertFalse(run(check(Check.Type.PROCESS_RUNNING, "sleep 3141"), Map.of()).passed(), "gone once killed");
    }

    @Test
    void aCheckThatPassesWhenTheAnswerIsNoSuggestsNo() throws IOException {
        Path conf = Files.writeString(tmp.resolve("bad.conf"), "");
        Check check = new Check(Check.Type.FILE_EXISTS, conf.toString(), List.of(), null, "no");

        CheckResult result = run(check, Map.of());

        assertTrue(result.passed());
        assertEquals("no", result.suggestedAnswer());
    }

    // ---------------------------------------------------------------- helpers

    private static Check check(Check.Type type, String target) {
        return new Check(type, target, List.of(), null, null);
    }

    private static CheckResult run(Check check, Map<String, String> params) {
        Step step = new Step("a-step", "a-section", null, new Text("Do it.", "做。"), List.of(), check,
                new Text("Is it so?", "是否如此？"), "x", "y", null, null);
        return RUNNER.run(step, params);
    }
}
