package io.almengine.api;

import io.almengine.lifecycle.AlarmAction;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The commands' metrics: {@code alm_command_latency_seconds{action,outcome}}, from the command's
 * submission to the pipeline's answer (or to giving up), as a histogram. Wraps the engine's
 * {@link AlarmCommands}, so every endpoint that acts on alarms is measured in one place.
 */
public final class CommandMetrics implements AlarmCommands {

    private final AlarmCommands commands;
    private final MeterRegistry registry;

    public CommandMetrics(AlarmCommands commands, MeterRegistry registry) {
        this.commands = commands;
        this.registry = registry;
    }

    @Override
    public CompletableFuture<CommandResult> submit(AlarmCommand command) {
        Timer.Sample sample = Timer.start(registry);
        // Only the actions the API sends: a name read from the wire must not become a label of its own.
        String action = command.action() instanceof AlarmAction.Unrecognised ? "other" : command.action().name();
        CompletableFuture<CommandResult> submitted = commands.submit(command);
        submitted.whenComplete((result, failure) -> sample.stop(Timer.builder("alm.command.latency")
                .description("Time from an operator command's submission to the pipeline's answer")
                .tag("action", action)
                .tag("outcome", outcome(result, failure))
                .publishPercentileHistogram()
                .register(registry)));
        return submitted;
    }

    @Override
    public CommandResult await(CompletableFuture<CommandResult> submitted) {
        return commands.await(submitted);
    }

    private static String outcome(CommandResult result, Throwable failure) {
        if (failure != null) {
            return failure instanceof TimeoutException ? "timeout" : "failed";
        }
        return result.refused().isPresent() ? "refused" : "applied";
    }
}
