package io.almengine.detect;

/**
 * Another connection of the same client (same source, component, client IP, client name and sink,
 * another server), as the rules see it when the definition sets {@code peers: client}: e.g. the
 * standby aggregator of a Fluentd forwarder while the rules judge its primary. Read-only.
 */
public record Peer(ConnectionState state) {
}
