/**
 * The {@code bench}, {@code bench-api} and {@code bench-notify} subcommands, commands and
 * measurements together, apart from the production packages: nothing that {@code run},
 * {@code probe} or {@code collect} uses imports this package; only {@link io.almengine.cli.Main}
 * lists its commands.
 *
 * <p>{@code bench}'s measurements: a synthetic fleet of client connections produced
 * to the events topic of an in-process broker, a plain consumer as the ceiling, and the engine
 * timed on the same events for throughput, alarm latency, memory per tracked connection and
 * recovery time. {@code bench --storm N} instead times an outage of N clients at once: their alarms,
 * the root-cause alarms, a rate-limited webhook and the API's first page meanwhile.
 *
 * <p>Owns measuring only. It starts the engine the way {@code run} does, through
 * {@link io.almengine.engine.Engine#start}, and judges it from the outside (its stats, its alarm
 * view, the JVM's memory); nothing in the engine knows it is being measured.
 */
package io.almengine.bench;
