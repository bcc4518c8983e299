/**
 * Lifecycle: turns detection signals and operator commands into alarms: serial numbers shared by
 * raise and clear, occurrence counts, auto and manual clear, acknowledgements, comments, runbook
 * answers, history, and the retention of cleared alarms. Publishes every change to
 * {@code alm.alarm-events} and the current alarm to the compacted {@code alm.alarms}.
 *
 * <p>It owns the alarm records of the connections of its partition and nothing else: it never
 * looks at connection events or decides whether a condition is met.
 */
package io.almengine.lifecycle;
