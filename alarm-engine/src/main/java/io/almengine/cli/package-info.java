/**
 * The command line: {@code run} and the other subcommands of {@code alarm-engine.jar}, parsed by
 * picocli into an {@link io.almengine.engine.EngineConfig}. Parsing and printing only.
 */
package io.almengine.cli;
