package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.rules.ClientLink;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.HeartbeatHistory;
import io.almengine.rules.TransitionHistory;
import io.almengine.rules.Now;
import io.almengine.rules.Peer;
import io.almengine.rules.ServerPort;
import io.almengine.rules.Watch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.definition.rule.Rule;

/**
 * The sample connections {@link RuleBook#tryOnSamples} evaluates the rules on, and how a failure
 * is told: by rule file and rule, with the rule's own message.
 */
final class RuleTrial {

    /** Far from any real time, so a sample is never mistaken for a connection. */
    private static final Instant T = Instant.parse("2000-01-01T00:00:00Z");

    record Sample(String name, ConnectionState state, Now now, List<Peer> peers) {
    }

    /** The facts of one evaluation of a server port's rules (see {@code scope: serverPort}). */
    record PortSample(String name, List<Object> facts) {
    }

    private RuleTrial() {
    }

    /** Link down and up; its watch idle, overdue (fixed, and following heartbeats when kept), met. */
    static List<Sample> samples(AlarmDefinition def) {
        Map<String, String> params = new HashMap<>();
        def.parameters().forEach(p -> params.put(p.name(), "sample-" + p.name()));
        def.requiredEventFields().forEach(f -> params.put(f, "1"));
        Instant now = T.plus(def.raiseAfter()).plus(Duration.ofDays(1));
        HeartbeatHistory beats = def.heartbeats() == null ? null
                : HeartbeatHistory.first(T, def.heartbeats()).beat(T.plusSeconds(1), def.heartbeats());
        // A link that went down and up a few times, for definitions that look at its transitions.
        TransitionHistory changes = def.settings().containsKey(TransitionNeeds.SLOT_SETTING)
                ? new TransitionHistory(List.of(T.minusSeconds(150), T.minusSeconds(90), T.minusSeconds(30), T))
                : null;
        var watches = new ArrayList<Map.Entry<String, Watch>>();
        watches.add(Map.entry("idle watch", Watch.idle(def.id())));
        watches.add(Map.entry("overdue deadline", new Watch(def.id(), T.plus(def.raiseAfter()), false)));
        if (beats != null) {
            watches.add(Map.entry("overdue silence", new Watch(def.id(), T.plus(def.raiseAfter()), false,
                    new Watch.Silence(def.raiseAfter(), null))));
        }
        watches.add(Map.entry("met", new Watch(def.id(), null, true)));
        watches.add(Map.entry("met, overdue deadline", new Watch(def.id(), T.plus(def.raiseAfter()), true)));
        var samples = new ArrayList<Sample>();
        for (boolean up : new boolean[] {false, true}) {
            for (Map.Entry<String, Watch> w : watches) {
                var state = new ConnectionState("sample:" + def.component() + (up ? ":up" : ":down"), def.component(),
                        up, T, T.plusSeconds(1), params, Map.of(), beats, "", changes).with(w.getValue());
                List<Peer> peers = def.groupsPeers()
                        ? List.of(new Peer(new ConnectionState("sample:peer", def.component(), up, T, T.plusSeconds(1),
                                params, Map.of(), beats, "").with(new Watch(def.id(), null, true))))
                        : List.of();
                // Asked at the watch's deadline when it has one, else for the link's transition; and for neither.
                Now why = w.getValue().armed() ? Now.ofDeadline(now, def.id()) : Now.ofTransition(now);
                samples.add(new Sample("link " + (up ? "up" : "down") + ", " + w.getKey(), state, why, peers));
                if (w.getValue().idle()) {
                    samples.add(new Sample("link " + (up ? "up" : "down") + ", " + w.getKey() + ", no transition",
                            state, new Now(now), peers));
                }
            }
        }
        return samples;
    }

    /**
     * A server port with four clients, three of them down together, none and one back; its watch
     * idle, overdue at the group's judgement, and met: every rule of a {@code scope: serverPort}
     * type fires on one of them.
     */
    static List<PortSample> portSamples(AlarmDefinition def) {
        Map<String, String> params = Map.of("source", "sample", "serverHost", "sample", "serverPort", "1",
                "component", def.component());
        Instant now = T.plus(def.raiseAfter()).plus(Duration.ofDays(1));
        var samples = new ArrayList<PortSample>();
        for (int back = 0; back <= 1; back++) {
            var clients = new ArrayList<ClientLink>();
            for (int i = 0; i < 4; i++) {
                boolean down = i < 3 - back;
                clients.add(new ClientLink("sample:" + i, def.component(), down, T, params, false));
            }
            var port = new ServerPort("sample", def.component(), params, clients);
            var watches = List.of(Map.entry("idle watch", Watch.idle(def.id())),
                    Map.entry("overdue deadline", new Watch(def.id(), T.plus(def.raiseAfter()), false, null,
                            T.plus(def.raiseAfter()))),
                    Map.entry("met", new Watch(def.id(), null, true)));
            for (Map.Entry<String, Watch> w : watches) {
                var facts = new ArrayList<Object>(clients);
                facts.add(port);
                facts.add(new Now(now));
                facts.add(w.getValue());
                samples.add(new PortSample((3 - back) + " of 4 clients down, " + w.getKey(), facts));
            }
        }
        return samples;
    }

    /** {@code ALM-24101.drl: rule "…": ALM-24101: setting 'x' is not declared …}. */
    static String describe(Throwable failure, Map<String, Path> byKiePath) {
        Rule rule = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (rule == null && t instanceof org.kie.api.runtime.rule.ConsequenceException c && c.getMatch() != null) {
                rule = c.getMatch().getRule();
            }
            if (rule == null && t instanceof org.drools.base.rule.consequence.ConsequenceException c) {
                rule = c.getRule();
            }
            root = t;
        }
        String message = root.getMessage() != null ? root.getMessage() : root.toString();
        if (rule == null) {
            return message; // a constraint's failure: Drools names the rule and its file in the message
        }
        String file = rule.getPackageName();
        if (rule instanceof RuleImpl impl && impl.getResource() != null && impl.getResource().getSourcePath() != null) {
            Path path = byKiePath.get(impl.getResource().getSourcePath());
            file = path != null ? path.getFileName().toString() : impl.getResource().getSourcePath();
        }
        return file + ": rule \"" + rule.getName() + "\": " + message;
    }
}
