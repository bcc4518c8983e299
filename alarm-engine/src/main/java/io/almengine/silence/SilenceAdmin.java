package io.almengine.silence;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes silences and masks to their topics and into this instance's {@link Suppressions} at
 * once, so the operator who made one sees it on the next request; the other instances see it
 * through their mirrors within a poll.
 */
public final class SilenceAdmin {

    private final Producer<String, byte[]> producer;
    private final String silencesTopic;
    private final String masksTopic;
    private final Suppressions suppressions;
    private final Clock clock;

    public SilenceAdmin(Producer<String, byte[]> producer, String silencesTopic, String masksTopic,
                        Suppressions suppressions, Clock clock) {
        this.producer = producer;
        this.silencesTopic = silencesTopic;
        this.masksTopic = masksTopic;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public void put(Silence silence) {
        byte[] value = silence.toJson(clock.instant()).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        send(silencesTopic, silence.id(), value);
        suppressions.acceptOwnSilence(silence.id(), value);
    }

    public void put(Mask mask) {
        byte[] value;
        try {
            value = Json.MAPPER.writeValueAsBytes(mask);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = Integer.toString(mask.alarmId());
        send(masksTopic, key, value);
        suppressions.acceptOwnMask(key, value);
    }

    public void unmask(int alarmId) {
        String key = Integer.toString(alarmId);
        send(masksTopic, key, null);
        suppressions.acceptOwnMask(key, null);
    }

    private void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
