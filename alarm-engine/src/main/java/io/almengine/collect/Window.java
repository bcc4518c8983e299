package io.almengine.collect;

import java.time.Duration;
import java.time.Instant;

/** The time around an alarm a bundle keeps: {@code from} and {@code to} both included. */
public record Window(Instant from, Instant to) {

    public static Window around(Instant at, Duration before, Duration after) {
        return new Window(at.minus(before), at.plus(after));
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && !instant.isAfter(to);
    }
}
