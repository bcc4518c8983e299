/**
 * Runbooks: the operator's {@code runbooks/*.yaml} handling procedures, one per alarm type. A
 * runbook is a graph of steps grouped in sections; a step gives instructions (with the alarm's
 * parameters filled in) and commands to copy, then asks a yes/no question, goes on to the next
 * step, or ends (resolved, or escalate with a log bundle).
 *
 * <p>Owns reading and validating those files, rendering them for one alarm, working out the path an
 * alarm's recorded answers take, and running the typed checks a step may carry. It never stores an
 * answer (that is {@code lifecycle}, through the alarm's command path) and never runs a command
 * written in a file: commands are text to copy, and checks are four fixed types in Java.
 */
package io.almengine.runbook;
