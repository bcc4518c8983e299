package io.almengine.auth;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issues and revokes tokens by writing {@code alm.tokens}, and keeps the admin token file. */
public final class TokenAdmin implements TokenIssuer {

    private static final Logger LOG = LoggerFactory.getLogger(TokenAdmin.class);
    public static final String ADMIN_NAME = "admin";

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final TokenRegistry registry;
    private final Clock clock;

    public TokenAdmin(Producer<String, byte[]> producer, String topic, TokenRegistry registry, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.registry = registry;
        this.clock = clock;
    }

    /** Creates a token and returns it in plain text: the only time anyone sees it. */
    @Override
    public String issue(String name, Role role) {
        String token = TokenRegistry.newToken();
        publish(name, new TokenRecord(name, role, TokenRegistry.sha256(token), clock.instant()));
        return token;
    }

    @Override
    public void revoke(String name) {
        send(new ProducerRecord<>(topic, name, null));
        registry.acceptOwnWrite(name, null);
    }

    /**
     * Makes sure {@code file} holds an admin token that the registry knows. First start: a new
     * token, written owner-only. Later starts: the file's token, published again if this Kafka
     * does not know it (a fresh cluster, say). The record is named "admin" only while no other
     * instance holds that name: a record replaces the one of the same name, so a second instance
     * on a fresh data directory would otherwise lock the first one's operators out.
     */
    public Path ensureAdminToken(Path file) {
        try {
            if (Files.exists(file)) {
                String token = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (registry.authenticate(token).isEmpty()) {
                    claimAdminName(TokenRegistry.sha256(token));
                }
                return file;
            }
            String token = TokenRegistry.newToken();
            String name = claimAdminName(TokenRegistry.sha256(token));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".admin", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Admin token '{}' written to {} (owner-only). Send it as 'Authorization: Bearer <token>'.",
                    name, file.toAbsolutePath());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token file " + file, e);
        }
    }

    /**
     * Publishes the admin token with hash {@code sha256} as "admin", or as "admin-" and the start of
     * its hash when another token holds "admin"; the name taken. Instances started at the same
     * moment on a fresh cluster each find "admin" free: the one whose record came later sees the
     * earlier one when its mirror reads the topic, puts it back under "admin" and takes the longer
     * name itself, so the first instance's operators are not locked out.
     */
    private String claimAdminName(String sha256) {
        String alone = ADMIN_NAME + "-" + sha256.substring(0, 8);
        if (registry.knows(ADMIN_NAME)) {
            publish(alone, adminRecord(alone, sha256));
            return alone;
        }
        registry.onReplaced(ADMIN_NAME, earlier -> {
            publishRaw(ADMIN_NAME, earlier);
            publish(alone, adminRecord(alone, sha256));
            LOG.info("Another instance took the name '{}' for its admin token at the same moment: this one's is '{}'"
                    + " (the token file is unchanged).", ADMIN_NAME, alone);
        });
        publish(ADMIN_NAME, adminRecord(ADMIN_NAME, sha256));
        return ADMIN_NAME;
    }

    private TokenRecord adminRecord(String name, String sha256) {
        return new TokenRecord(name, Role.ADMIN, sha256, clock.instant());
    }

    private void publish(String name, TokenRecord record) {
        try {
            publishRaw(name, Json.MAPPER.writeValueAsBytes(record));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void publishRaw(String name, byte[] value) {
        send(new ProducerRecord<>(topic, name, value));
        registry.acceptOwnWrite(name, value);
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
