package io.almengine.api;

import java.util.List;

/**
 * What the operations endpoints need from the engine: the metrics, written as they are scraped
 * ({@code GET /metrics}, no token: counts only), and the reload of the operator's files
 * ({@code POST /api/admin/reload}, admin). {@link #NONE} for an API that serves neither.
 */
public record Operations(Streamed metrics, Reload reload) {

    public static final Operations NONE = new Operations(null, null);

    /** Re-reads definitions, rules and runbooks; swaps them in only if every file is valid. */
    @FunctionalInterface
    public interface Reload {
        Outcome reload();
    }

    /** The hash of the set now in use, and every problem when the new set was refused (the old one kept). */
    public record Outcome(String configHash, List<String> errors) {

        public Outcome {
            errors = List.copyOf(errors);
        }

        public boolean loaded() {
            return errors.isEmpty();
        }
    }
}
