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
 * <p>Parent and children: only the lifecycle stage knows the serial number of the port's alarm;
 * it answers a raise with a {@link io.almengine.correlate.ParentAlarm} on
 * {@code alm.server-alarms} (keyed by server port, so it comes back to this task), and again when
 * the alarm is no longer active. Then every client of the outage (down since the outage began:
 * the raise time less the definition's {@code raiseAfter}) is sent a {@code LINK} with that serial
 * number, keyed by the client's connection id; lifecycle sets {@code parent} on the client's active
 * alarms and keeps the link for alarms raised until the {@code UNLINK} that follows the parent's
 * end. A child raised before its parent is linked as soon as the parent's serial number is known;
 * one raised after it carries its parent from the start. The view counts each parent's children;
 * notifications hold children back under their parent.
 */
package io.almengine.correlate;
