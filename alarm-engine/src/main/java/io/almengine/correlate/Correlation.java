package io.almengine.correlate;

import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * What the correlate stage tells the lifecycle stage, on {@code alm.correlations}, keyed (and
 * partitioned, like operator commands) by the connection id of the alarm's owner:
 * <ul>
 *   <li>{@link Kind#RAISE} / {@link Kind#RECOVER}: the condition of a server port's alarm type
 *       ({@code alarmId}) is met / over, keyed by the server port ({@code source|component|host:port});</li>
 *   <li>{@link Kind#LINK}: the client's alarms (those active now and those raised until an
 *       {@link Kind#UNLINK}) are children of the active alarm {@code parent}, keyed by the client's
 *       connection id;</li>
 *   <li>{@link Kind#UNLINK}: the parent {@code parent} cleared; alarms raised from now on are not its children.</li>
 *   <li>{@link Kind#RESERVE}: a server port's alarm type is armed (its outage is being judged): the
 *       serial number its alarm will have is wanted now, so that the clients of the outage are
 *       linked before their own alarms are raised, keyed by the server port;</li>
 *   <li>{@link Kind#RELEASE}: that alarm will not be raised (the outage broke up before it was
 *       judged): the serial number {@code parent} is not kept for it, keyed by the server port;</li>
 *   <li>{@link Kind#DETACH}: the client's alarms are not the children of {@code parent} after all,
 *       as it was never raised, keyed by the client's connection id.</li>
 * </ul>
 *
 * @param values the server port's parameters, then what the rule computed (raise only)
 */
public record Correlation(Kind kind, String connectionId, String component, int alarmId, Instant at,
                          Severity severity, Map<String, String> values, String detail, long parent) {

    public enum Kind {
        RAISE, RECOVER, LINK, UNLINK, RESERVE, RELEASE, DETACH
    }

    public Correlation {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    static Correlation raise(String port, String component, int alarmId, Instant at, Severity severity,
                             Map<String, String> values, String detail) {
        return new Correlation(Kind.RAISE, port, component, alarmId, at, severity, values, detail, 0);
    }

    static Correlation recover(String port, String component, int alarmId, Instant at, String detail) {
        return new Correlation(Kind.RECOVER, port, component, alarmId, at, null, Map.of(), detail, 0);
    }

    static Correlation link(String client, String component, Instant at, long parent) {
        return new Correlation(Kind.LINK, client, component, 0, at, null, Map.of(), null, parent);
    }

    static Correlation unlink(String client, String component, Instant at, long parent) {
        return new Correlation(Kind.UNLINK, client, component, 0, at, null, Map.of(), null, parent);
    }

    static Correlation reserve(String port, String component, int alarmId, Instant at) {
        return new Correlation(Kind.RESERVE, port, component, alarmId, at, null, Map.of(), null, 0);
    }

    static Correlation release(String port, String component, int alarmId, Instant at, long serialNo) {
        return new Correlation(Kind.RELEASE, port, component, alarmId, at, null, Map.of(), null, serialNo);
    }

    static Correlation detach(String client, String component, Instant at, long parent) {
        return new Correlation(Kind.DETACH, client, component, 0, at, null, Map.of(), null, parent);
    }
}
