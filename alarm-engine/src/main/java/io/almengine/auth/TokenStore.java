package io.almengine.auth;

import java.util.Optional;

/**
 * Who a bearer token belongs to, as the HTTP API asks it. {@link TokenRegistry} answers from
 * {@code alm.tokens}; it holds everything in memory, so a test uses it as is, without Kafka.
 */
public interface TokenStore {

    /** The principal of a known, unrevoked token; empty otherwise. */
    Optional<Principal> authenticate(String token);

    /** Whether a token of this name exists (names are unique). */
    boolean knows(String name);
}
