package io.almengine.rules;

import io.almengine.definition.AlarmDefinition;
import io.almengine.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The only way a rule acts: it is the DRL global {@code decisions}. Rules call these methods in
 * their consequences; nothing happens until the evaluation is over and the processor applies the
 * list, so a rule cannot half-apply a change.
 */
public final class Decisions {

    private final Consumer<Decision> made;

    /** Detection's: {@code made} collects the decisions of an evaluation, to apply them once it is over. */
    public Decisions(Consumer<Decision> made) {
        this.made = made;
    }

    /** Start (or restart) the clock: evaluate this alarm type again when {@code deadline} is reached. */
    public void arm(AlarmDefinition definition, Instant deadline) {
        made.accept(new Decision.Arm(definition.id(), deadline));
    }

    /**
     * Evaluate this alarm type again once no heartbeat has come for {@code silence}. The engine
     * keeps the deadline after each heartbeat by itself; heartbeats do not reach the rules.
     */
    public void awaitSilence(AlarmDefinition definition, Duration silence) {
        made.accept(new Decision.Await(definition.id(), new Watch.Silence(silence, null)));
    }

    /**
     * Evaluate this alarm type again once no heartbeat has come for {@code silence} and fewer
     * than {@code fewerReports} reports are younger than {@code reportWindow}: a suspicion and
     * its confirmation, with one deadline kept by the engine after each heartbeat.
     */
    public void awaitSilence(AlarmDefinition definition, Duration silence, int fewerReports, Duration reportWindow) {
        made.accept(new Decision.Await(definition.id(), new Watch.Silence(silence, null, fewerReports, reportWindow)));
    }

    /**
     * Evaluate this alarm type again once phi (computed as the definition's
     * {@code heartbeats.intervals} say) reaches {@code threshold}, or no heartbeat has come for
     * {@code hardTimeout}, whichever is first. Kept by the engine after each heartbeat.
     */
    public void awaitPhi(AlarmDefinition definition, double threshold, Duration hardTimeout) {
        made.accept(new Decision.Await(definition.id(), new Watch.Silence(hardTimeout, threshold)));
    }

    /** Stop the clock without raising anything. */
    public void disarm(AlarmDefinition definition) {
        made.accept(new Decision.Disarm(definition.id()));
    }

    /** The condition is met at {@code occurredAt}, with the definition's own severity. */
    public void raise(AlarmDefinition definition, Instant occurredAt, String detail) {
        raise(definition, occurredAt, definition.severity(), Map.of(), detail);
    }

    /** The condition is met, with a severity and extra parameters the rule worked out. */
    public void raise(AlarmDefinition definition, Instant occurredAt, Severity severity,
                      Map<String, String> extraParams, String detail) {
        made.accept(new Decision.Raise(definition.id(), occurredAt, severity, Map.copyOf(extraParams), detail));
    }

    /**
     * The alarm raised for {@code peer} (its condition is met, see {@link Peer#met(int)}) is of
     * {@code severity} from {@code at} on, because {@code why}; {@code params} replace some of its
     * parameters. The same alarm keeps its serial number; the change is in its history. Nothing
     * happens when it already is of that severity or is no longer active.
     */
    public void severity(AlarmDefinition definition, Peer peer, Instant at, Severity severity,
                         Map<String, String> params, String why) {
        made.accept(new Decision.SeverityChange(definition.id(), peer.state().connectionId(), at, severity,
                Map.copyOf(params), why));
    }

    /**
     * An alarm of type {@code quieted} that this evaluation raises on the connection is not
     * notified, nor is its clear: {@code because} (an alarm type of the same connection whose
     * condition is met, e.g. ALM-24901 while the link flaps) says more than its churn would. The
     * alarm is raised, listed and cleared as usual; it carries the parameters {@code suppressedBy}
     * ({@code reason}) and {@code suppressedByAlarm} ({@code because}'s code), and the notification
     * stage holds it back as it holds a silenced alarm, saying why in its history. An alarm raised
     * before is not changed.
     */
    public void quiet(AlarmDefinition quieted, AlarmDefinition because, String reason) {
        made.accept(new Decision.Quiet(quieted.id(), reason, because.id()));
    }

    /** The condition is over at {@code at}. */
    public void recover(AlarmDefinition definition, Instant at, String detail) {
        made.accept(new Decision.Recover(definition.id(), at, detail));
    }
}
