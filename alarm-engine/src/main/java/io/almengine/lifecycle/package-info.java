/**
 * Lifecycle: turns detection signals and operator commands into alarms: serial numbers shared by
 * raise and clear, occurrence counts, auto and manual clear, acknowledgements, comments, runbook
 * answers, history, and the retention of cleared alarms. Publishes every change to
 * {@code alm.alarm-events} and the current alarm to the compacted {@code alm.alarms}.
 *
 * <p>It owns the alarm records of the connections of its partition and nothing else: it never
 * looks at connection events or decides whether a condition is met.
 *
 * <p>Root causes: the correlate stage's {@link io.almengine.correlate.Correlation}s raise and
 * recover a server port's alarm (keyed by {@code source|component|serverHost:serverPort}, handled
 * like detection's signals) and link clients' alarms to it. The parent's serial number is only
 * known here, so a raised or ended server-port alarm is announced back to correlate
 * ({@link io.almengine.correlate.ParentAlarm} on {@code alm.server-alarms}); a link sets
 * {@code parent} on the client's active alarms (a {@code linked} history entry) and is kept in a
 * store, so an alarm of the client raised before the parent ends carries it from its raise.
 *
 * <p>Operator commands are typed ({@link io.almengine.lifecycle.AlarmAction}, one record per action)
 * and answered with a {@link io.almengine.lifecycle.Refusal} in the domain's terms (not found,
 * conflict, invalid) or the changed alarm; HTTP statuses are the API's business. Commands and
 * results keep the record format of the first version on their topics.
 */
package io.almengine.lifecycle;
