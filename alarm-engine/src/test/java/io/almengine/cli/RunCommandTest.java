package io.almengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.testing.EngineHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} as a newcomer meets it: a second engine started while the first still listens says
 * in one line which port is taken and which option moves it, and the README documents the defaults
 * {@code --help} prints. The engine runs in this JVM, on real sockets.
 */
class RunCommandTest {

    @TempDir
    Path tmp;

    @Test
    void anEngineWhoseBrokerPortIsTakenSaysWhichPortAndWhichOptionInOneLine() throws IOException {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Run run = run("run", "--embedded-kafka-port", String.valueOf(port), "--http-port", "0",
                    "--data-dir", tmp.resolve("second").toString());

            assertNotEquals(0, run.exit());
            assertEquals(List.of("cannot start: port " + port + " on 127.0.0.1 (embedded Kafka broker) is in use, "
                    + "probably by an engine that still runs; stop it, or give this one another port with "
                    + "--embedded-kafka-port (0 picks a free one)"), run.errLines());
        }
    }

    @Test
    void anEngineWhoseHttpPortIsTakenSaysWhichPortAndWhichOptionInOneLine() throws IOException {
        try (var taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Run run = run("run", "--http-port", String.valueOf(port), "--embedded-kafka-port", "0",
                    "--data-dir", tmp.resolve("second").toString());

            assertNotEquals(0, run.exit());
            assertEquals(List.of("cannot start: port " + port + " on 127.0.0.1 (HTTP API and console) is in use, "
                    + "probably by an engine that still runs; stop it, or give this one another port with "
                    + "--http-port (0 picks a free one)"), run.errLines());
        }
    }

    @Test
    void theReadmeDocumentsTheDefaultsThatHelpPrints() throws IOException {
        Run help = run("run", "--help");
        Map<String, String> printed = new LinkedHashMap<>();
        Matcher option = Pattern.compile("(--[a-z-]+)[^\\n]*?\\(default: ([^)]*)\\)").matcher(
                String.join(" ", help.outLines()).replaceAll("\\s+", " ").replace(" --", "\n--"));
        while (option.find()) {
            printed.put(option.group(1), option.group(2));
        }
        String readme = Files.readString(EngineHarness.repoFolder("README.md"), StandardCharsets.UTF_8);
        Matcher row = Pattern.compile("(?m)^\\| `(--[a-z-]+)[^`]*` \\| `([^`]+)` \\|").matcher(
                readme.substring(readme.indexOf("## Configuration"), readme.indexOf("### Running several instances")));

        var compared = new ArrayList<String>();
        while (row.find()) {
            String documented = row.group(2);
            // Durations and numbers must read the same; folders print as absolute paths of this checkout.
            if (documented.matches("P[0-9A-Z.]+|[0-9]+")) {
                assertEquals(documented, printed.get(row.group(1)), row.group(1) + ": README vs --help " + printed);
                compared.add(row.group(1));
            }
        }
        assertTrue(compared.contains("--cleared-retention"), compared.toString());
    }

    private record Run(int exit, List<String> outLines, List<String> errLines) {
    }

    private static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, lines(outBytes), lines(errBytes));
    }

    private static List<String> lines(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
