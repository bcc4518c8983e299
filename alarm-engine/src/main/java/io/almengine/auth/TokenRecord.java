package io.almengine.auth;

import java.time.Instant;

/** What {@code alm.tokens} stores for a token name: never the token, only its SHA-256. */
public record TokenRecord(String name, Role role, String sha256, Instant createdAt) {
}
