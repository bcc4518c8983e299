package io.almengine.ingest;

import io.almengine.model.Event;
import java.util.List;

/**
 * Where the API puts the events it accepted: all of a request's events or none. {@link EventPublisher}
 * publishes them to Kafka in one transaction.
 */
public interface EventSink {

    /** Takes all events or none; throws {@link org.apache.kafka.common.KafkaException} when they were not taken. */
    void publish(List<? extends Event> events);
}
