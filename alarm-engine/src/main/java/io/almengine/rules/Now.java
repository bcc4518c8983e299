package io.almengine.rules;

import java.time.Instant;
import org.kie.api.definition.type.ClassReactive;

/**
 * How far event time has got for the connection being evaluated, as a fact rules can compare
 * deadlines with: the instant up to which its events are all known to have been read. That is its
 * reporter's watermark while the reporter is heard, else the engine's clock less the allowed
 * lateness (see {@code ReporterWatermarks}), so a rule never judges a window whose end may still
 * be on its way.
 *
 * <p>Class reactive: a fact lives for one evaluation and is never modified in the session, so
 * there is nothing to react to property by property (and Drools need not guess which properties a
 * method called in a constraint reads).
 */
@ClassReactive
public record Now(Instant instant) {

    public boolean reached(Instant deadline) {
        return deadline != null && !deadline.isAfter(instant);
    }
}
