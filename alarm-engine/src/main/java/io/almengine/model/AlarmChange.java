package io.almengine.model;

import java.time.Instant;

/**
 * One entry of an alarm's history: what changed, when (event time for raise and auto clear, the
 * engine clock for operator actions), who did it ({@code engine} or a token name) and why.
 */
public record AlarmChange(String change, Instant at, String by, String detail) {

    public static final String RAISED = "raised";
    public static final String RECURRED = "recurred";
    public static final String CLEARED = "cleared";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String UNACKNOWLEDGED = "unacknowledged";
    public static final String COMMENTED = "commented";
    public static final String RUNBOOK_ANSWERED = "runbook-answered";
}
