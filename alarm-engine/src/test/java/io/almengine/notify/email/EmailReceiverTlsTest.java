package io.almengine.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.almengine.notify.SampleNotices;
import io.almengine.notify.Delivery;
import io.almengine.notify.ReceiverSpec;
import io.almengine.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The e-mail receiver over implicit TLS ({@code tls: ssl}) to GreenMail's SMTPS, whose certificate
 * (made here by the JDK's keytool, for 127.0.0.1) only the receiver's {@code tlsCaFile} vouches for:
 * the server's certificate and name are checked, not waved through.
 */
class EmailReceiverTlsTest {

    private static final String PASSWORD = "s3cret-Relay-pw";

    @TempDir
    static Path keys;

    private static GreenMail smtps;
    private static Path caFile;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T13:50:00Z"));

    @BeforeAll
    static void startSmtpsWithACertificateFor127001() throws Exception {
        Path keystore = keys.resolve("relay.p12");
        caFile = keys.resolve("relay-ca.pem");
        keytool("-genkeypair", "-alias", "relay", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "relay", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", caFile.toString());
        // GreenMail reads its server key from here when its first TLS server starts.
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
        smtps = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alm@example.com", "alm", PASSWORD));
        smtps.start();
    }

    @AfterAll
    static void stop() {
        if (smtps != null) {
            smtps.stop();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        smtps.purgeEmailFromAllMailboxes();
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command) + "\n" + output);
    }

    private EmailReceiver receiver(Map<String, String> more) {
        Map<String, String> fields = new HashMap<>();
        fields.put("to", "oncall@example.com");
        fields.put("from", "alm@example.com");
        fields.put("smarthost", "127.0.0.1:" + smtps.getSmtps().getPort());
        fields.put("tls", "ssl");
        fields.put("authUsername", "alm");
        fields.put("authPassword", PASSWORD);
        fields.putAll(more);
        return EmailReceiver.of(new ReceiverSpec("ops-mail", "email", fields), clock);
    }

    @Test
    void sendsOverTlsToARelayItsCaVouchesFor() throws Exception {
        Delivery delivery = receiver(Map.of("tlsCaFile", caFile.toString())).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.SENT, delivery.outcome(), delivery.answer());
        assertEquals(1, smtps.getReceivedMessages().length);
        assertEquals("[FIRING:1] ALM-24003 Flume Client connection interrupted", smtps.getReceivedMessages()[0].getSubject());
    }

    @Test
    void refusesARelayWhoseCertificateNoOneVouchesFor() {
        Delivery delivery = receiver(Map.of()).deliver(SampleNotices.firing(1));

        assertEquals(Delivery.Outcome.FAILED, delivery.outcome(), delivery.answer());
        assertTrue(delivery.answer().contains("SSLHandshakeException"), delivery.answer());
        assertEquals(0, smtps.getReceivedMessages().length);
    }
}
