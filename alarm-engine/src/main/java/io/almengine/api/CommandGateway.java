package io.almengine.api;

import io.almengine.detect.PeerRouting;
import io.almengine.kafka.TopicMirror;
import io.almengine.lifecycle.AlarmCommand;
import io.almengine.lifecycle.CommandResult;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends operator commands to the one pipeline task that owns the alarm and waits for its answer,
 * so the API replies with the alarm as it is after the change (or with why it was refused).
 */
public final class CommandGateway implements AlarmCommands, AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final TopicMirror results;
    private final Duration timeout;
    private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();

    public CommandGateway(String bootstrap, String commandsTopic, String resultsTopic, Duration timeout)
            throws InterruptedException {
        this(bootstrap, commandsTopic, resultsTopic, timeout, java.util.Set.of());
    }

    /**
     * @param peerGroupedComponents components whose alarms live on their peer group's partition
     *                              ({@link PeerRouting}): commands must go there
     */
    public CommandGateway(String bootstrap, String commandsTopic, String resultsTopic, Duration timeout,
                          java.util.Set<String> peerGroupedComponents) throws InterruptedException {
        var props = new Properties();
        props.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, PeerRouting.CommandPartitioner.class);
        props.put(PeerRouting.GROUPED_COMPONENTS_CONFIG, String.join(",", peerGroupedComponents));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topic = commandsTopic;
        this.timeout = timeout;
        this.results = new TopicMirror(bootstrap, resultsTopic, this::onResult, false).start();
        if (!results.awaitCaughtUp(Duration.ofSeconds(60))) {
            throw new IllegalStateException("cannot read " + resultsTopic);
        }
    }

    /**
     * Publishes the command without waiting, so that a batch of commands for many alarms (on many
     * partitions) is applied in parallel; {@link #await} then waits for one result.
     */
    @Override
    public CompletableFuture<CommandResult> submit(AlarmCommand command) {
        var future = new CompletableFuture<CommandResult>();
        pending.put(command.id(), future);
        future.whenComplete((result, failure) -> pending.remove(command.id()));
        try {
            producer.send(new ProducerRecord<>(topic, command.connectionId(), Json.MAPPER.writeValueAsBytes(command)),
                    (metadata, failure) -> {
                        if (failure != null) {
                            future.completeExceptionally(new ApiException(503, "Kafka did not take the command: "
                                    + failure.getMessage()));
                        }
                    });
        } catch (IOException e) {
            future.completeExceptionally(new UncheckedIOException(e));
        } catch (RuntimeException e) {
            future.completeExceptionally(new ApiException(503, "Kafka did not take the command: " + e.getMessage()));
        }
        return future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The result of a submitted command: 504 when the pipeline did not answer in time, 503 when Kafka refused it. */
    @Override
    public CommandResult await(CompletableFuture<CommandResult> submitted) {
        try {
            return submitted.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new ApiException(504, "the pipeline did not answer within " + timeout
                        + "; the command may still be applied");
            }
            if (cause instanceof ApiException api) {
                throw api;
            }
            throw new ApiException(503, "the command failed: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted");
        }
    }

    private void onResult(String commandId, byte[] value) {
        CompletableFuture<CommandResult> future = commandId == null ? null : pending.get(commandId);
        if (future == null || value == null) {
            return; // another instance's command
        }
        try {
            future.complete(Json.MAPPER.readValue(value, CommandResult.class));
        } catch (IOException e) {
            future.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        results.close();
        // Bounded: a stop while the broker is gone must not wait for it forever.
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
