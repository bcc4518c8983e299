/**
 * Correlate: one root cause for an outage. Keeps, per server port
 * ({@code source|component|serverHost:serverPort}), its known clients and whether each is down and
 * since when, as detection reports them ({@link io.almengine.rules.ClientLink}s on
 * {@code alm.server-clients}, keyed by server port, so the clients of one port meet in one task
 * although their own links are spread over partitions by connection id). The alarm types whose
 * definitions say {@code scope: serverPort} are judged here by their Drools rules over a
 * {@link io.almengine.rules.ServerPort} fact and its clients, with deadlines on the engine's clock;
 * thresholds are the definitions' settings. Nothing here knows a component.
 *
 * <p>It owns the ports' client lists and their deadlines, and nothing else: it never numbers or
 * stores alarms. What the rules decide goes to the lifecycle stage as
 * {@link io.almengine.correlate.Correlation}s on {@code alm.correlations}, partitioned like the
 * operator commands, so each reaches the task that owns the alarm.
 *
 * <p>Parent and children: only the lifecycle stage numbers alarms. When the rules arm a port's
 * alarm type (its outage is being judged, normally minutes before its clients' own alarms are due)
 * this stage asks for the number the alarm will have ({@code RESERVE}); lifecycle answers with a
 * {@link io.almengine.correlate.ParentAlarm} on {@code alm.server-alarms} (keyed by server port, so
 * it comes back to this task), again when the alarm is raised under that number, and when it is no
 * longer active. Every client of the outage (down since it began: the deadline less the
 * definition's {@code raiseAfter}) is sent a {@code LINK} with that number, keyed by the client's
 * connection id; lifecycle keeps the link, so the client's alarm carries its parent from its own
 * raise (one change, never notified alone), sets {@code parent} on one raised before the link came,
 * and stops linking at the {@code UNLINK} that follows the parent's end. An outage disarmed before
 * it is raised gives its number back ({@code RELEASE}) and its clients a {@code DETACH}: an active
 * alarm already raised under it is unlinked, said in its history, and notified on its own. The
 * view counts each parent's children; notifications hold children back under their parent.
 */
package io.almengine.correlate;
