package io.almengine.notify.northbound;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Debian's rsyslogd, started for one test class on free 127.0.0.1 ports with its own configuration:
 * RFC 5424 and 3164 over UDP (imudp), TCP (imptcp) and TLS (imtcp with the gtls driver and a
 * certificate for 127.0.0.1 made here), each input writing what rsyslog parsed, one JSON object a
 * line, to its own file: pri, timestamp, hostname, appname, procid, msgid, sd, msg and the raw message.
 */
final class Rsyslogd implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/rsyslogd");

    private static final ObjectMapper JSON = new ObjectMapper();

    final int udpPort;
    final int tcpPort;
    final int tlsPort;
    final Path caFile;
    private final Path dir;
    private final Process process;

    static boolean installed() {
        // The GnuTLS driver (rsyslog-gnutls) lives under the machine's multiarch folder.
        try (var libraries = Files.list(Path.of("/usr/lib"))) {
            return Files.isExecutable(BINARY)
                    && libraries.anyMatch(folder -> Files.exists(folder.resolve("rsyslog/lmnsd_gtls.so")));
        } catch (IOException e) {
            return false;
        }
    }

    private Rsyslogd(Path dir, int udpPort, int tcpPort, int tlsPort, Path caFile, Process process) {
        this.dir = dir;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
        this.caFile = caFile;
        this.process = process;
    }

    static Rsyslogd start(Path dir) throws Exception {
        Path caFile = certificateFor127001(dir);
        int udp = freeUdpPort();
        int tcp = freeTcpPort();
        int tls = freeTcpPort();
        String conf = """
                global(workDirectory="%1$s" maxMessageSize="64k"
                       defaultNetstreamDriverCAFile="%2$s" defaultNetstreamDriverCertFile="%2$s"
                       defaultNetstreamDriverKeyFile="%1$s/key.pem")
                module(load="imudp")
                module(load="imptcp")
                module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
                template(name="fields" type="list" option.jsonf="on") {
                  property(outname="pri" name="pri" format="jsonf")
                  property(outname="timestamp" name="timereported" dateFormat="rfc3339" format="jsonf")
                  property(outname="hostname" name="hostname" format="jsonf")
                  property(outname="appname" name="app-name" format="jsonf")
                  property(outname="procid" name="procid" format="jsonf")
                  property(outname="msgid" name="msgid" format="jsonf")
                  property(outname="sd" name="structured-data" format="jsonf")
                  property(outname="msg" name="msg" format="jsonf")
                  property(outname="raw" name="rawmsg" format="jsonf")
                }
                ruleset(name="udp") { action(type="omfile" file="%1$s/udp.log" template="fields") }
                ruleset(name="tcp") { action(type="omfile" file="%1$s/tcp.log" template="fields") }
                ruleset(name="tls") { action(type="omfile" file="%1$s/tls.log" template="fields") }
                input(type="imudp" address="127.0.0.1" port="%3$d" ruleset="udp")
                input(type="imptcp" address="127.0.0.1" port="%4$d" ruleset="tcp")
                input(type="imtcp" address="127.0.0.1" port="%5$d" ruleset="tls")
                """.formatted(dir, caFile, udp, tcp, tls);
        Path confFile = dir.resolve("rsyslog.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder(BINARY.toString(), "-n", "-f", confFile.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslogd.out").toFile()).start();
        Rsyslogd rsyslogd = new Rsyslogd(dir, udp, tcp, tls, caFile, process);
        rsyslogd.awaitReady();
        return rsyslogd;
    }

    /** The lines of one input's file ("udp", "tcp", "tls") that {@code wanted} picks, once there are {@code count}. */
    List<JsonNode> await(String input, int count, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> found = List.of();
        while (System.nanoTime() < deadline) {
            found = lines(input).stream().filter(wanted).toList();
            if (found.size() >= count) {
                return found;
            }
            if (!process.isAlive()) {
                fail("rsyslogd ended: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            Thread.sleep(50);
        }
        fail("rsyslogd logged " + found.size() + " of " + count + " wanted lines on " + input + ": " + lines(input)
                + "\n" + Files.readString(dir.resolve("rsyslogd.out")));
        return found;
    }

    List<JsonNode> lines(String input) throws IOException {
        Path file = dir.resolve(input + ".log");
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("{") && line.endsWith("}")) {
                    lines.add(JSON.readTree(line));
                }
            }
        }
        return lines;
    }

    String output() throws IOException {
        return Files.readString(dir.resolve("rsyslogd.out"));
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int port : new int[] {tcpPort, tlsPort}) {
            while (!accepts(port)) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    fail("rsyslogd did not listen on " + port + ": " + output());
                }
                Thread.sleep(50);
            }
        }
        // UDP says nothing back: ready once a datagram comes out in the file.
        byte[] probe = "<14>1 - - probe - - - ready".getBytes(StandardCharsets.US_ASCII);
        try (DatagramSocket socket = new DatagramSocket()) {
            while (lines("udp").isEmpty()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    fail("rsyslogd did not log a UDP datagram: " + output());
                }
                socket.send(new DatagramPacket(probe, probe.length, InetAddress.getLoopbackAddress(), udpPort));
                Thread.sleep(100);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        // rsyslogd takes seconds to drain and join its inputs on SIGTERM; the test has read its files.
        process.destroy();
        if (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A self-signed certificate for IP 127.0.0.1 by the JDK's keytool; its key as PEM for GnuTLS. */
    private static Path certificateFor127001(Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server-ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        Key key = store.getKey("server", "changeit".toCharArray());
        Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
        Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
        return cert;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + "\n" + output);
    }
}
