package io.almengine.correlate;

/**
 * The lifecycle stage's answer to a {@link Correlation.Kind#RAISE}, on {@code alm.server-clients}
 * keyed by the server port: the alarm of type {@code alarmId} raised for the port has serial number
 * {@code serialNo} ({@code active}), or it is no longer active (cleared by its condition or by
 * hand). Only the alarm's owner knows its serial number; the port's clients are linked to it once
 * it is known here.
 */
public record ParentAlarm(String serverPort, int alarmId, long serialNo, boolean active) {
}
