package io.almengine.model;

/**
 * One record of {@code alm.connection-events}: an observation of a link ({@link ConnectionEvent}),
 * or a reporter's promise of how far its observations go ({@link Watermark}).
 */
public sealed interface Event permits ConnectionEvent, Watermark {

    /** The topic's name before any prefix (an engine's {@code --topic-prefix}): the probe writes where the engine reads. */
    String TOPIC = "alm.connection-events";
}
