package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Net-SNMP's snmptrapd, started for one test class on a free 127.0.0.1 UDP port with its own
 * configuration (no system files: {@code -C}), logging each notification as one line:
 * {@code TRAP version=… security=… engine=… ~varbind~varbind…} with numeric OIDs.
 */
final class SnmpTrapd implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/snmptrapd");

    final int port;
    private final Path log;
    private final Path dir;
    private final Process process;

    private SnmpTrapd(Path dir, int port, Path log, Process process) {
        this.dir = dir;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** {@code conf}: the lines that say who may send (authCommunity, createUser, authUser). */
    static SnmpTrapd start(Path dir, String conf) throws Exception {
        int port = Rsyslogd.freeUdpPort();
        Path confFile = dir.resolve("snmptrapd.conf");
        Files.writeString(confFile, conf
                // One line per trap, whatever the length of its strings: hex not broken every 16 octets.
                + "\n[snmp] hexOutputLength 0\nformat2 TRAP version=%s security=%u engine=%E~%V~%v\\n\n");
        Path log = dir.resolve("traps.log");
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-f", "-Lf", log.toString(), "-C",
                "-c", confFile.toString(), "-On", "-m", "", "-M", dir.toString(), "udp:127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("snmptrapd.out").toFile());
        // Its persistent state (engine boots, users) in the test's folder, not /var/lib/snmp.
        builder.environment().put("SNMP_PERSISTENT_DIR", dir.toString());
        SnmpTrapd trapd = new SnmpTrapd(dir, port, log, builder.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!trapd.text().contains("NET-SNMP version")) {
            if (System.nanoTime() > deadline || !trapd.process.isAlive()) {
                fail("snmptrapd did not start: " + trapd.text() + Files.readString(dir.resolve("snmptrapd.out")));
            }
            Thread.sleep(50);
        }
        return trapd;
    }

    /** The trap lines {@code wanted} picks, once there are {@code count}. */
    List<String> await(int count, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = traps().stream().filter(wanted).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        }
        fail("snmptrapd logged " + found.size() + " of " + count + " wanted traps:\n" + text());
        return found;
    }

    List<String> traps() throws IOException {
        return text().lines().filter(line -> line.startsWith("TRAP ")).toList();
    }

    String text() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
