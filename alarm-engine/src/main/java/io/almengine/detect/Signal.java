package io.almengine.detect;

import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Map;

/** What detection tells the lifecycle stage, keyed by connection id. */
public sealed interface Signal {

    String connectionId();

    /**
     * The alarm's condition is met, by event time {@code occurredAt}. {@code values} are the
     * connection's event fields and attributes; {@code extras} are parameters the rule computed.
     */
    record Raise(String connectionId, int alarmId, Instant occurredAt, Severity severity,
                 Map<String, String> values, Map<String, String> extras, String detail) implements Signal {
    }

    /** The condition is over at {@code at}: an auto-clearing alarm clears. */
    record Recover(String connectionId, int alarmId, Instant at, String detail) implements Signal {
    }

    /** The active alarm of the connection is of {@code severity} from {@code at} on; {@code params} replace some of its own. */
    record SeverityChange(String connectionId, int alarmId, Instant at, Severity severity, Map<String, String> params,
                          String detail) implements Signal {
    }

    /** The connection was removed from tracking: its active alarms clear manually. */
    record Retire(String connectionId, String component, Instant at) implements Signal {
    }
}
