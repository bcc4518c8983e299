package io.almengine.detect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Decisions;
import io.almengine.rules.Now;
import io.almengine.rules.Peer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

/**
 * One task's Drools session. Definitions stay in it as permanent facts; each evaluation inserts
 * the connection, its watches and the clock reading, fires, and takes them out again, so the
 * session never accumulates per-connection facts.
 */
public final class RuleSession implements AutoCloseable {

    private final KieSession session;
    private final List<Decision> made = new ArrayList<>();

    RuleSession(KieSession session, Collection<AlarmDefinition> definitions) {
        this.session = session;
        session.setGlobal("decisions", new Decisions(made::add));
        definitions.forEach(session::insert);
    }

    /** What the rules decide about {@code state} at {@code now}, for the alarm types {@code definitions}. */
    public List<Decision> evaluate(ConnectionState state, List<AlarmDefinition> definitions, Instant now) {
        return evaluate(state, definitions, now, List.of());
    }

    /** As above, with the client's other connections as {@link Peer} facts. */
    public List<Decision> evaluate(ConnectionState state, List<AlarmDefinition> definitions, Instant now,
                                   List<Peer> peers) {
        return evaluate(state, definitions, new Now(now), peers);
    }

    /** As above, saying why the rules are asked ({@link Now#transition()}, {@link Now#deadlineOf()}). */
    public List<Decision> evaluate(ConnectionState state, List<AlarmDefinition> definitions, Now now,
                                   List<Peer> peers) {
        var facts = new ArrayList<Object>(definitions.size() + peers.size() + 2);
        facts.add(state);
        facts.add(now);
        for (AlarmDefinition def : definitions) {
            facts.add(state.watch(def.id()).seenOn(state, def));
        }
        facts.addAll(peers);
        return evaluate(facts);
    }

    /**
     * What the rules decide over {@code facts}, inserted for this evaluation only: the evaluation
     * of something other than one connection (a server port and its clients). The permanent facts
     * (definitions) and the global are the same as for connections.
     */
    public List<Decision> evaluate(Collection<?> facts) {
        var handles = new ArrayList<FactHandle>(facts.size());
        for (Object fact : facts) {
            handles.add(session.insert(fact));
        }
        try {
            session.fireAllRules();
        } finally {
            handles.forEach(session::delete);
        }
        var decided = List.copyOf(made);
        made.clear();
        return decided;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
