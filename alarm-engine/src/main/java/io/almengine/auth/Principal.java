package io.almengine.auth;

/** Who made a request: the token's name (recorded in alarm history) and its role. */
public record Principal(String name, Role role) {
}
