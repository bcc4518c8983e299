/**
 * Detect: keeps each connection's state and its pending deadlines, and asks the rule files what
 * a change means. Emits {@link io.almengine.detect.Signal}s (condition met, condition over,
 * connection retired) to the lifecycle stage.
 *
 * <p>Java here is the mechanism only: state transitions of a link, deadlines, the clock, and for
 * heartbeat alarm types a constant-size {@link io.almengine.detect.HeartbeatHistory} per
 * connection (report times, gap statistics, phi) with deadlines that follow it. Which alarm, when
 * and with what severity is decided by the Drools rules in {@code rules/*.drl}. Only a change of
 * link state, an expired deadline, or the first heartbeat after a heartbeat alarm was raised
 * reaches the rules; any other heartbeat costs a state update and, at most, moving a deadline
 * earlier. This stage never numbers, stores or publishes alarms: that is {@code lifecycle}.
 */
package io.almengine.detect;
