package io.almengine.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * What one detect task knows of a reporter: the furthest event time it has vouched for (its
 * watermark) and when, by the engine's clock, its last watermark arrived.
 */
public record ReporterMark(Instant time, Instant arrivedAt) {

    /**
     * Whether the reporter is still heard at {@code now}: its last watermark is younger than
     * {@code lateness}. So with no allowed lateness no reporter holds anything back.
     */
    boolean heardAt(Instant now, Duration lateness) {
        return now.isBefore(arrivedAt.plus(lateness));
    }

    /** After another watermark at {@code time}, arrived {@code now}: a watermark never moves back. */
    ReporterMark after(Instant watermark, Instant now) {
        return new ReporterMark(watermark.isAfter(time) ? watermark : time, now);
    }
}
