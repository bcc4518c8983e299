package io.almengine.correlate;

/**
 * The lifecycle stage's answer to a {@link Correlation.Kind#RAISE}, on {@code alm.server-clients}
 * keyed by the server port: the alarm of type {@code alarmId} raised for the port has serial number
 * {@code serialNo} ({@code active}), or it is no longer active (cleared by its condition or by
 * hand). Only the alarm's owner knows its serial number; the port's clients are linked to it once
 * it is known here.
 *
 * @param reserved the answer to a {@link Correlation.Kind#RESERVE}: the alarm is not raised yet, and
 *                 will have this serial number when it is ({@code active} is false)
 */
public record ParentAlarm(String serverPort, int alarmId, long serialNo, boolean active, boolean reserved) {

    public static ParentAlarm raised(String serverPort, int alarmId, long serialNo, boolean active) {
        return new ParentAlarm(serverPort, alarmId, serialNo, active, false);
    }

    public static ParentAlarm reserved(String serverPort, int alarmId, long serialNo) {
        return new ParentAlarm(serverPort, alarmId, serialNo, false, true);
    }
}
