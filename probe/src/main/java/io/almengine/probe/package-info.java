/**
 * Probe: runs on a server host (Flume server, Fluentd aggregator), watches the listening ports it
 * is given in the kernel's socket tables ({@code /proc/net/tcp} and {@code /proc/net/tcp6}), and
 * publishes {@code CONNECTED} / {@code DISCONNECTED} per client, plus a periodic {@code HEARTBEAT}
 * per connected client, to Kafka or to an engine's {@code POST /api/events}.
 *
 * <p>TCP does not say which agent or sink a connection belongs to: a mapping file
 * ({@link io.almengine.probe.ClientMap}) names clients by address, and tells apart several agents
 * on one host by the server port they use or their source port range. Events wait in a bounded
 * queue while the engine or Kafka is away (heartbeats give way before transitions), and a state
 * file carries known clients and unsent transitions over a restart, so that a restart neither
 * invents an outage nor forgets one ({@link io.almengine.probe.LinkTracker}).
 */
package io.almengine.probe;
