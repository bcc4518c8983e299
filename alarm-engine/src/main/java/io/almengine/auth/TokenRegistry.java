package io.almengine.auth;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens every instance knows, by hash, kept current from {@code alm.tokens}. Looking a token
 * up hashes it; the plain token exists only in the caller's hands (and the admin token file).
 */
public final class TokenRegistry {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
    private final Map<String, TokenRecord> byName = new ConcurrentHashMap<>();

    /** Applies one record of {@code alm.tokens}; a tombstone revokes the name. */
    public void accept(String name, byte[] value) {
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

    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        TokenRecord record = byHash.get(sha256(token));
        return record == null ? Optional.empty() : Optional.of(new Principal(record.name(), record.role()));
    }

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
