package io.almengine.notify;

/**
 * An alarm change on its way to one route's receiver: the record of the routed topic, keyed by the
 * receiver so that all of a receiver's groups, and its send limit, are in one task.
 *
 * @param route the key of the route that took it ({@link Route#key()})
 */
public record Routed(String receiver, String route, Member member) {
}
