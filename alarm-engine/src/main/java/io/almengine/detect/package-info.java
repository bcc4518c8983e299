/**
 * Detect: keeps each connection's state and its pending deadlines, and asks the rule files what
 * a change means. Emits {@link io.almengine.detect.Signal}s (condition met, condition over,
 * connection retired) to the lifecycle stage, and, for components with alarm types judged per
 * server port, a {@link io.almengine.rules.ClientLink} each time a client goes down or comes back,
 * keyed by its server port, to the correlate stage ({@link io.almengine.detect.ServerClients}).
 *
 * <p>Java here is the mechanism only: state transitions of a link, deadlines, the clock, and for
 * heartbeat alarm types a constant-size {@link io.almengine.rules.HeartbeatHistory} per
 * connection (report times, gap statistics, phi) with deadlines that follow it, and for flap
 * detection a bounded {@link io.almengine.rules.TransitionHistory} of the link's recent up/down
 * changes (written only on a change, never on a heartbeat; see {@code TransitionNeeds}). Which alarm, when
 * and with what severity is decided by the Drools rules in {@code rules/*.drl}. Only a change of
 * link state, an expired deadline, or the first heartbeat after a heartbeat alarm was raised
 * reaches the rules; any other heartbeat costs a state update and, at most, moving a deadline
 * earlier. This stage never numbers, stores or publishes alarms: that is {@code lifecycle}.
 *
 * <p>It also owns how its state is stored: the {@link io.almengine.detect.ConnectionStateSerde}
 * (the connection store's compact binary format, which the pipeline's wiring hands to the store),
 * the {@link io.almengine.detect.DeadlineIndex} (deadlines in a state store, ordered by time;
 * lifecycle keeps its retention of cleared alarms in one too), and where a connection's state
 * lives: {@link io.almengine.detect.PeerRouting} picks the partition (by client for components
 * whose rules see peers), for ingest's re-keying and for the API's commands alike.
 *
 * <p>What the rules see and how they act is not here: it is the rule API, package
 * {@link io.almengine.rules} (public, documented there). This package only runs it: compiles the
 * rule files ({@link io.almengine.detect.RuleBook}, which also tries every rule once on sample
 * connections at start), inserts the facts for each evaluation ({@link io.almengine.detect.RuleSession})
 * and carries out the decisions ({@link io.almengine.detect.DetectProcessor}; a raise a rule asked
 * to keep quiet carries why as parameters, which the notification stage reads). Everything in this
 * package is internal and may change without notice.
 */
package io.almengine.detect;
