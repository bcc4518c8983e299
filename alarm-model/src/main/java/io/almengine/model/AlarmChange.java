package io.almengine.model;

import java.time.Instant;

/**
 * One entry of an alarm's history: what changed, when (event time for raise and auto clear, the
 * engine clock for operator actions and retractions), who did it ({@code engine} or a token name)
 * and why.
 */
public record AlarmChange(String change, Instant at, String by, String detail) {

    public static final String RAISED = "raised";
    public static final String RECURRED = "recurred";
    /** The severity of an active alarm changed (as FusionInsight's severity change): same alarm, same serial number. */
    public static final String SEVERITY_CHANGED = "severity-changed";
    public static final String CLEARED = "cleared";
    /** Withdrawn: an event read late showed the condition never held (see {@link ClearType#RETRACTED}). */
    public static final String RETRACTED = "retracted";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String UNACKNOWLEDGED = "unacknowledged";
    public static final String COMMENTED = "commented";
    public static final String RUNBOOK_ANSWERED = "runbook-answered";
    /** A message naming the alarm was delivered to a receiver, or failed for good ({@code detail} says which). */
    public static final String NOTIFIED = "notified";
    /**
     * Linked to a root-cause alarm ({@code detail}: "parent alarm 2001"): one of the clients of a
     * server port that lost most of its clients at once. It is listed and notified under its parent.
     */
    public static final String LINKED = "linked";
    /**
     * No longer a child ({@code detail} names the parent): the root-cause alarm it was linked to
     * ahead of time was never raised, as its server port's outage broke up before it was judged.
     * From then on it is notified on its own.
     */
    public static final String UNLINKED = "unlinked";
}
