package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** A failed stream thread is replaced; one that keeps failing stops the pipeline so health says so. */
class ThreadRestartsTest {

    @Test
    void aFailedThreadIsReplacedUntilFailuresKeepComingBack() {
        var restarts = new ThreadRestarts(3, Duration.ofMinutes(10));
        var failure = new IllegalStateException("broker gone too long");
        for (int i = 0; i < 3; i++) {
            assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, restarts.handle(failure));
        }
        assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, restarts.handle(failure));
    }

    @Test
    void failuresOutsideTheWindowAreForgotten() throws Exception {
        var restarts = new ThreadRestarts(1, Duration.ofMillis(50));
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, restarts.handle(new RuntimeException()));
        Thread.sleep(100);
        assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD, restarts.handle(new RuntimeException()));
    }
}
