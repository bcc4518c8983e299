/**
 * The rule API: the facts a rule file ({@code rules/*.drl}) matches and the one way it acts. Public:
 * operators' rule files import these types, so they change only with a note in the README's
 * "Upgrading" section; internal refactors of detection ({@code io.almengine.detect}, which runs the
 * rules) cannot break a rule file. A rule file imports them by name:
 * <pre>
 * import io.almengine.definition.AlarmDefinition
 * import io.almengine.rules.ConnectionState
 * import io.almengine.rules.Watch
 * import io.almengine.rules.Now
 * import io.almengine.rules.Peer          // with peers: client
 * global io.almengine.rules.Decisions decisions
 * </pre>
 *
 * <p>What a rule may use is listed below. Constructors and the methods documented as detection's
 * ({@code apply}, {@code with}, {@code seenAt}, {@code Watch.at}, {@code seenOn},
 * {@code HeartbeatHistory.first}/{@code beat}, the {@link io.almengine.rules.Decision} records) are
 * public because detection, in another package, calls them; a rule never needs them and they may
 * change.
 *
 * <h2>Facts</h2>
 *
 * <p>Inserted for each evaluation of one connection and removed after it (class reactive: a fact is
 * never modified during an evaluation):
 * <ul>
 *   <li>{@link io.almengine.definition.AlarmDefinition} (a permanent fact, one per definition; from
 *       {@code io.almengine.definition}): {@code id}, {@code component}, {@code raiseAfter},
 *       {@code severity}, {@code code()}, and the settings its file declares, read typed:
 *       {@code intSetting}, {@code numberSetting}, {@code durationSetting}, {@code setting} (text).
 *       Reading an undeclared setting throws; every rule is evaluated once at start on sample
 *       connections, so such a rule stops the start.</li>
 *   <li>{@link io.almengine.rules.ConnectionState}: the connection: {@code connectionId},
 *       {@code component}, {@code up}, {@code since} (last up/down change), {@code param(name)}; for
 *       heartbeat types {@code lastBeat()}, {@code silentFor(now, d)},
 *       {@code reportsWithin(window, now)}, {@code fewerReportsFrom(n, window)},
 *       {@code phiAt(now, def)}, {@code phiReachedAt(def, t)} (from its
 *       {@link io.almengine.rules.HeartbeatHistory}); for definitions that declare {@code flapSlot}
 *       (flap detection) {@code transitionsKept} (a plain field, the guard before anything costlier),
 *       {@code lastChange()}, {@code flapPercent(at, def)} (Nagios' weighted state change over 21
 *       slots), {@code flappingFrom(def, from)} (first instant the percent reaches {@code flapHigh},
 *       or {@code null}) and {@code calmsAt(def, from)} (first instant it is below {@code flapLow} with
 *       the link up; {@code null} while it is down)
 *       (from its {@link io.almengine.rules.TransitionHistory}, kept only on up/down changes, or with
 *       {@code flapOf} on that alarm type's raises and recoveries).</li>
 *   <li>{@link io.almengine.rules.Watch}, one per alarm type of the component: {@code idle},
 *       {@code armed} (with a {@code deadline}: when the rules are asked next) or {@code met} (an
 *       alarm was raised and is not over; a met watch may also be armed, to be asked again at a
 *       deadline). {@code due()} is when the engine judges the condition
 *       met (the deadline, or for a watch following heartbeats the moment its silence holds) and
 *       the raise time to use; {@code dueBy(now)} whether it is reached.</li>
 *   <li>{@link io.almengine.rules.Now}: how far event time has got for the connection (its
 *       reporter's watermark, or the engine clock less the allowed lateness); {@code instant},
 *       {@code reached(t)}; and why the rules are asked: {@code transition} (the link went up or
 *       down) or {@code deadlineOf} (the id of the alarm type whose deadline was reached, 0 if
 *       none).</li>
 *   <li>{@link io.almengine.rules.Peer}, with {@code peers: client}: the client's other
 *       connections; {@code state()}, {@code met(alarmId)}.</li>
 * </ul>
 *
 * <p>A {@code scope: serverPort} alarm type is evaluated per server port instead (by the correlate
 * stage), with these facts: {@link io.almengine.rules.ServerPort} ({@code key}, {@code component},
 * {@code param(name)}, {@code clientsKnown()}, {@code clientsDown()}, {@code downSince(t)},
 * {@code lastBack()}, {@code most(count, minClients, minShare)},
 * {@code burst(within, minClients, minShare)}), one {@link io.almengine.rules.ClientLink} per
 * known client ({@code connectionId}, {@code down}, {@code since}, {@code param(name)}), a
 * {@code Watch} per alarm type of the port and {@code Now}. The same decisions apply (arm, disarm,
 * raise, recover); the engine links the clients' own alarms to a raised one as its children.
 *
 * <h2>Decisions</h2>
 *
 * <p>Through the global {@link io.almengine.rules.Decisions} {@code decisions}, applied after the
 * evaluation as a whole (a rule cannot half-apply a change):
 * <ul>
 *   <li>{@code arm(def, deadline)}: ask the rules again at a deadline (a met watch stays met);</li>
 *   <li>{@code awaitSilence(def, silence)}, {@code awaitSilence(def, silence, fewerReports, window)},
 *       {@code awaitPhi(def, threshold, hardTimeout)}: ask again when the heartbeats stop; the engine
 *       keeps the deadline after each heartbeat;</li>
 *   <li>{@code disarm(def)}: stop the clock without raising;</li>
 *   <li>{@code raise(def, occurredAt, detail)}, {@code raise(def, occurredAt, severity, params, detail)}:
 *       the condition is met at an instant (date it by {@code Watch.due()}, not by {@code Now});</li>
 *   <li>{@code recover(def, at, detail)}: it is over; dated before the raise, it retracts the alarm;</li>
 *   <li>{@code severity(def, peer, at, severity, params, why)}: change a peer's active alarm;</li>
 *   <li>{@code quiet(def, because, reason)}: an alarm of type {@code def} raised in this evaluation
 *       is not notified, nor is its clear (parameters {@code suppressedBy} = reason,
 *       {@code suppressedByAlarm} = {@code because}'s code; the notification stage holds it back as
 *       a silenced one and says why in its history).</li>
 * </ul>
 */
package io.almengine.rules;
