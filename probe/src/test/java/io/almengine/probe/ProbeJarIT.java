package io.almengine.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The probe's own jar as a server host gets it: {@code java -jar alm-probe.jar}, small, and
 * holding none of the engine's weight. Publishing through it is tested from the engine's side
 * (alarm-engine's ProbeJarThroughKafkaIT), where a broker and an engine are at hand.
 */
class ProbeJarIT {

    private static final long MAX_BYTES = 20L * 1024 * 1024;

    private static Path jar() {
        return Path.of(System.getProperty("alm.probe.jar", "target/alm-probe.jar"));
    }

    @Test
    void startsWithJavaJarAndPrintsTheProbeOptions() throws Exception {
        Process process = new ProcessBuilder("java", "-jar", jar().toString(), "--help").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "--help did not exit");
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.startsWith("Usage: alm-probe.jar "), out);
        for (String option : List.of("--port", "--component", "--source", "--kafka-bootstrap", "--engine",
                "--token-file", "--clients", "--reporter", "--state-file", "--topic-prefix")) {
            assertTrue(out.contains(option), "--help names " + option + ":\n" + out);
        }
    }

    @Test
    void refusesAMissingDestinationNamingTheOptions() throws Exception {
        Process process = new ProcessBuilder("java", "-jar", jar().toString(), "--port", "21154", "--component",
                "flume", "--source", "c1").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "did not exit");
        assertEquals(2, process.exitValue(), out);
        assertTrue(out.contains("--kafka-bootstrap") && out.contains("--engine"), out);
    }

    @Test
    void staysUnderTwentyMegabytesWithoutStreamsBrokerDroolsOrJetty() throws IOException {
        long size = Files.size(jar());
        assertTrue(size < MAX_BYTES, "alm-probe.jar is " + size + " bytes, over " + MAX_BYTES);
        List<String> heavy;
        try (var jar = new JarFile(jar().toFile())) {
            heavy = jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("org/apache/kafka/streams/") || n.startsWith("kafka/server/")
                            || n.startsWith("org/apache/kafka/controller/") || n.startsWith("scala/")
                            || n.startsWith("org/drools/")
                            || n.startsWith("org/kie/") || n.startsWith("org/eclipse/jetty/")
                            || n.startsWith("io/almengine/engine/") || n.startsWith("io/almengine/pipeline/"))
                    .limit(5).toList();
        }
        assertEquals(List.of(), heavy, "classes the probe must not carry");
    }
}
