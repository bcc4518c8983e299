/**
 * Detect: keeps each connection's state and its pending deadlines, and asks the rule files what
 * a change means. Emits {@link io.almengine.detect.Signal}s (condition met, condition over,
 * connection retired) to the lifecycle stage.
 *
 * <p>Java here is the mechanism only: state transitions of a link, deadlines, the clock. Which
 * alarm, when and with what severity is decided by the Drools rules in {@code rules/*.drl}. Only
 * a change of link state or an expired deadline reaches the rules. This stage never numbers,
 * stores or publishes alarms: that is {@code lifecycle}.
 */
package io.almengine.detect;
