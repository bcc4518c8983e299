package io.almengine.auth;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens every instance knows, by hash, kept current from {@code alm.tokens}. Looking a token
 * up hashes it; the plain token exists only in the caller's hands (and the admin token file).
 */
public final class TokenRegistry implements TokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, TokenRecord> byName = new ConcurrentHashMap<>();

    /** A tombstone this instance wrote, while it waits for the mirror to hand it back. */
    private static final byte[] TOMBSTONE = new byte[0];

    /**
     * Names this instance wrote itself, with the value written, until the mirror of {@code alm.tokens}
     * hands that very record back. Until then the mirror is behind this instance's own write, and a
     * record it hands over for the name is older: applying it would undo the write (a revoked token
     * would work again for a moment).
     */
    private final Map<String, byte[]> awaitingEcho = new HashMap<>();
    /** Per name, what to do when this instance's own write to it turns out to have replaced another writer's (see {@link #onReplaced}). */
    private final Map<String, java.util.function.Consumer<byte[]>> replacedListeners = new HashMap<>();

    /** Applies one record of {@code alm.tokens} as the topic mirror reads it; a tombstone revokes the name. */
    public synchronized void accept(String name, byte[] value) {
        byte[] written = awaitingEcho.get(name);
        if (written != null) {
            boolean echo = value == null ? written == TOMBSTONE : written != TOMBSTONE && Arrays.equals(written, value);
            if (echo) {
                awaitingEcho.remove(name);
                // Read back with nothing before it: whatever comes later for the name replaced this write, not the reverse.
                replacedListeners.remove(name);
            } else if (value != null) {
                // Written before this instance's own write, which replaced it.
                var listener = replacedListeners.remove(name);
                if (listener != null) {
                    listener.accept(value.clone());
                }
            }
            // The echo changes nothing (it is already applied); an older record must not be.
            return;
        }
        apply(name, value);
    }

    /**
     * Asks to be told, once, of a record for {@code name} that another writer wrote before this
     * instance's own write to it (made just after this call), since that write replaced it: two
     * instances that each found a name free and took it at the same moment. Told on the mirror's
     * thread, with the other writer's record.
     */
    public synchronized void onReplaced(String name, java.util.function.Consumer<byte[]> listener) {
        replacedListeners.put(name, listener);
    }

    /**
     * Applies a record this instance has just written to {@code alm.tokens} (acknowledged by Kafka),
     * at once, ahead of the mirror.
     */
    public synchronized void acceptOwnWrite(String name, byte[] value) {
        awaitingEcho.put(name, value == null ? TOMBSTONE : value.clone());
        apply(name, value);
    }

    private void apply(String name, byte[] value) {
        TokenRecord previous = byName.remove(name);
        if (previous != null) {
            byHash.remove(previous.sha256());
        }
        if (value == null) {
            return;
        }
        try {
            TokenRecord record = Json.MAPPER.readValue(value, TokenRecord.class);
            byName.put(name, record);
            byHash.put(record.sha256(), record);
        } catch (IOException e) {
            throw new UncheckedIOException("token record " + name + " cannot be read", e);
        }
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        TokenRecord record = byHash.get(sha256(token));
        return record == null ? Optional.empty() : Optional.of(new Principal(record.name(), record.role()));
    }

    @Override
    public boolean knows(String name) {
        return byName.containsKey(name);
    }

    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
