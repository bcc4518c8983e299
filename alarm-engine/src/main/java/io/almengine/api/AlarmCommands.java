package io.almengine.api;

import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.almengine.model.Alarm;
import java.util.concurrent.CompletableFuture;

/**
 * Applies operator commands to alarms and answers with the outcome. {@link CommandGateway} sends
 * them through Kafka to the pipeline task that owns the alarm.
 */
public interface AlarmCommands {

    /**
     * Starts the command without waiting, so that a batch for many alarms is applied in parallel;
     * {@link #await} then waits for one result.
     */
    CompletableFuture<CommandResult> submit(AlarmCommand command);

    /** The result of a submitted command; an {@link ApiException} (503, 504) when there is none. */
    CommandResult await(CompletableFuture<CommandResult> submitted);

    /** Applies the command and waits for its result; 504 when the pipeline does not answer in time. */
    default CommandResult execute(AlarmCommand command) {
        return await(submit(command));
    }

    /** The alarm as the command left it; an {@link ApiException} with the refusal's status when it was refused. */
    default Alarm apply(AlarmCommand command) {
        CommandResult result = execute(command);
        result.refused().ifPresent(refusal -> {
            throw ApiException.refused(refusal);
        });
        return result.alarm();
    }
}
