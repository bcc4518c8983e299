package io.almengine.rules;

import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * What a rule asked for during one evaluation, as {@link Decisions}' methods record it; detection
 * carries them out after the evaluation. Rule files never build these: they call {@link Decisions}.
 */
public sealed interface Decision {

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

    /**
     * Changes of this connection's alarm {@code alarmId} raised in this evaluation are not to be
     * notified, because of {@code reason} ("flapping"), which alarm {@code byAlarmId} of the same
     * connection stands for.
     */
    record Quiet(int alarmId, String reason, int byAlarmId) implements Decision {
        /** The parameter of a quieted alarm that says why ("flapping"). */
        public static final String SUPPRESSED_BY = "suppressedBy";
        /** The parameter of a quieted alarm that names the alarm type that stands for it ("ALM-24901"). */
        public static final String SUPPRESSED_BY_ALARM = "suppressedByAlarm";
    }

    /** The alarm raised for another connection ({@code connectionId}, a peer) is now of {@code severity}. */
    record SeverityChange(int alarmId, String connectionId, Instant at, Severity severity, Map<String, String> params,
                          String detail) implements Decision {
    }
}
