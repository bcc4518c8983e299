package io.almengine.runbook;

import java.time.Instant;

/**
 * What a check found. {@code suggestedAnswer} is the answer it pre-fills for the question, or
 * {@code null} when the check could not run at all (a parameter the alarm lacks, a bad value, too
 * many checks at once): then it suggests nothing, rather than a "no" it does not know.
 */
public record CheckResult(String step, Check.Type type, String target, boolean passed, String detail,
                          String suggestedAnswer, Instant checkedAt, long elapsedMs) {
}
