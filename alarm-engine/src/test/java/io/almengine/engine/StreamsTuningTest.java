package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamsTuningTest {

    private static final StreamsTuning DEFAULTS = EngineConfig.defaults().streams();

    @Test
    void aSessionTimeoutKafkaWouldRefuseIsRefusedAtStartNamingTheValue() {
        var tooShort = assertThrows(IllegalArgumentException.class,
                () -> DEFAULTS.withSessionTimeout(Duration.ofSeconds(5)));
        assertTrue(tooShort.getMessage().contains("PT5S"), tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withSessionTimeout(Duration.ofHours(1)));
    }

    @Test
    void aSessionTimeoutWithinKafkasLimitsIsKeptAndTheRestUnchanged() {
        StreamsTuning tuned = DEFAULTS.withSessionTimeout(Duration.ofSeconds(6));
        assertEquals(Duration.ofSeconds(6), tuned.sessionTimeout());
        assertEquals(DEFAULTS.withSessionTimeout(DEFAULTS.sessionTimeout()), DEFAULTS);
        assertEquals(DEFAULTS.threads(), tuned.threads());
    }
}
