/**
 * The command line: {@code run} and the other subcommands of {@code alarm-engine.jar}, parsed by
 * picocli into an {@link io.almengine.engine.EngineConfig}. Parsing and printing only. The
 * {@code probe} command lives with the probe ({@link io.almengine.probe.ProbeCommand}, its own
 * jar), the {@code bench} commands with the benchmarks ({@code io.almengine.bench}); this package
 * only lists them.
 */
package io.almengine.cli;
