package io.almengine.runbook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.List;

/**
 * A typed check a question step may carry, which the engine runs on request to pre-answer the
 * question. There are exactly four types, implemented in Java ({@link CheckRunner}); a runbook
 * only names the type and its one argument, a template filled from the alarm's parameters.
 *
 * @param type         which check
 * @param target       its argument as written: {@code host:port}, a URL, an absolute path or a pattern
 * @param expectStatus for {@code http-get}: the statuses that pass; empty: any HTTP answer passes
 * @param timeout      how long the check may take; {@code null}: the engine's default
 * @param ifPassed     the answer a passing check suggests ({@code yes} or {@code no}); a failing one suggests the other
 */
public record Check(Type type, String target, List<Integer> expectStatus, Duration timeout, String ifPassed) {

    /** A check holds an API request (and a thread) while it runs; no runbook may ask for longer. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    public Check {
        expectStatus = expectStatus == null ? List.of() : List.copyOf(expectStatus);
        ifPassed = ifPassed == null ? "yes" : ifPassed;
    }

    public enum Type {
        TCP_CONNECT("tcp-connect"),
        HTTP_GET("http-get"),
        FILE_EXISTS("file-exists"),
        PROCESS_RUNNING("process-running");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /** The answer a result suggests. */
    public String suggestion(boolean passed) {
        return passed ? ifPassed : ("yes".equals(ifPassed) ? "no" : "yes");
    }
}
