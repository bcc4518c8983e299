package io.almengine.detect;

import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Map;

/** What a rule asked for during one evaluation. The processor carries them out afterwards. */
sealed interface Decision {

    int alarmId();

    record Arm(int alarmId, Instant deadline) implements Decision {
    }

    record Disarm(int alarmId) implements Decision {
    }

    /** Arm a watch that follows the heartbeats (see {@link Watch.Silence}). */
    record Await(int alarmId, Watch.Silence silence) implements Decision {
    }

    record Raise(int alarmId, Instant occurredAt, Severity severity, Map<String, String> params, String detail)
            implements Decision {
    }

    record Recover(int alarmId, Instant at, String detail) implements Decision {
    }
}
