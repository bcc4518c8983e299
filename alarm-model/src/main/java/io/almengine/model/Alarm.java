package io.almengine.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One alarm occurrence: raised once, cleared at most once, and identified by its serial number
 * from raise to clear. Every transition returns a new value with the change appended to history.
 * {@code parent} is the serial number of the root-cause alarm this one is a child of (a client of
 * a server port that lost most of its clients together), or {@code null}.
 */
public record Alarm(
        long serialNo,
        int alarmId,
        String name,
        String nameZh,
        Severity severity,
        AlarmState state,
        Instant occurredAt,
        Instant clearedAt,
        ClearType clearType,
        boolean acknowledged,
        int count,
        Map<String, String> params,
        String connectionId,
        List<AlarmChange> history,
        List<Comment> comments,
        List<RunbookAnswer> runbookAnswers,
        // Written only when set: records without a root cause read and write as before it existed.
        @JsonInclude(JsonInclude.Include.NON_NULL) Long parent) {

    /** Oldest entries are dropped beyond this, so a flapping alarm cannot grow without bound. */
    static final int HISTORY_LIMIT = 200;

    public static final String ENGINE = "engine";

    public Alarm {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        history = List.copyOf(history);
        comments = comments == null ? List.of() : List.copyOf(comments);
        // Alarms stored before runbook answers existed have none.
        runbookAnswers = runbookAnswers == null ? List.of() : List.copyOf(runbookAnswers);
    }

    /** A note an operator left on the alarm. */
    public record Comment(Instant at, String by, String text) {
    }

    /** Who answered which runbook question how, and when; {@code answer} is {@code yes} or {@code no}. */
    public record RunbookAnswer(Instant at, String by, String step, String answer, String note) {
    }

    public static Alarm raise(long serialNo, int alarmId, String name, String nameZh, Severity severity,
                              Instant occurredAt, Map<String, String> params, String connectionId, String detail) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, AlarmState.ACTIVE, occurredAt, null, null,
                false, 1, params, connectionId,
                List.of(new AlarmChange(AlarmChange.RAISED, occurredAt, ENGINE, detail)), List.of(), List.of(), null);
    }

    /**
     * The alarm as label matchers and notifications see it: {@code alertname} (ALM-24003),
     * {@code alarmId}, {@code serialNo}, {@code severity} and every parameter. A parameter never
     * hides one of the four.
     */
    public Map<String, String> labels() {
        var labels = new java.util.LinkedHashMap<String, String>(params);
        labels.put("alertname", AlarmCode.of(alarmId).toString());
        labels.put("alarmId", Integer.toString(alarmId));
        labels.put("serialNo", Long.toString(serialNo));
        labels.put("severity", severity.wireName());
        return java.util.Collections.unmodifiableMap(labels);
    }

    public boolean active() {
        return state == AlarmState.ACTIVE;
    }

    /** The condition came back while the alarm was still active (only for alarms not cleared automatically). */
    public Alarm recurred(Instant at, String detail) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count + 1, params, connectionId, append(AlarmChange.RECURRED, at, ENGINE, detail),
                comments, runbookAnswers, parent);
    }

    /**
     * The condition of an active alarm got worse or better: the same alarm (serial number, count,
     * acknowledgement, runbook answers) with another severity, {@code params} updated, and the
     * change in its history as "severity minor → major: {@code why}".
     */
    public Alarm severityChanged(Instant at, Severity to, Map<String, String> params, String why) {
        var next = new java.util.LinkedHashMap<>(this.params);
        next.putAll(params);
        String detail = "severity " + severity.wireName() + " → " + to.wireName() + (why == null || why.isEmpty() ? "" : ": " + why);
        return new Alarm(serialNo, alarmId, name, nameZh, to, state, occurredAt, clearedAt, clearType, acknowledged,
                count, next, connectionId, append(AlarmChange.SEVERITY_CHANGED, at, ENGINE, detail), comments,
                runbookAnswers, parent);
    }

    public Alarm cleared(Instant at, ClearType type, String by, String reason) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, AlarmState.CLEARED, occurredAt, at, type,
                acknowledged, count, params, connectionId, append(AlarmChange.CLEARED, at, by, reason), comments,
                runbookAnswers, parent);
    }

    /**
     * Withdrawn because an event read late, dated {@code endedAt} (before {@link #occurredAt}),
     * showed the condition never held for its whole window. Cleared as {@link ClearType#RETRACTED}
     * at {@code at}, when the engine learnt it, but never before the alarm occurred: an alarm never
     * shows {@code clearedAt} before {@code occurredAt}.
     */
    public Alarm retracted(Instant at, Instant endedAt, String detail) {
        Instant when = at.isBefore(occurredAt) ? occurredAt : at;
        String why = (detail == null || detail.isEmpty() ? "" : detail + "; ") + "the condition ended at " + endedAt
                + ", before the alarm occurred at " + occurredAt + ": not an outage, retracted";
        return new Alarm(serialNo, alarmId, name, nameZh, severity, AlarmState.CLEARED, occurredAt, when,
                ClearType.RETRACTED, acknowledged, count, params, connectionId,
                append(AlarmChange.RETRACTED, when, ENGINE, why), comments, runbookAnswers, parent);
    }

    public Alarm acknowledge(Instant at, String by) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                true, count, params, connectionId, append(AlarmChange.ACKNOWLEDGED, at, by, null), comments,
                runbookAnswers, parent);
    }

    public Alarm unacknowledge(Instant at, String by) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                false, count, params, connectionId, append(AlarmChange.UNACKNOWLEDGED, at, by, null), comments,
                runbookAnswers, parent);
    }

    public Alarm comment(Instant at, String by, String text) {
        var next = new ArrayList<Comment>(comments);
        next.add(new Comment(at, by, text));
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId, append(AlarmChange.COMMENTED, at, by, text), next,
                runbookAnswers, parent);
    }

    /** A runbook question answered; the history says who answered what, the answers drive the runbook's path. */
    public Alarm runbookAnswered(Instant at, String by, String step, String answer, String note) {
        var next = new ArrayList<RunbookAnswer>(runbookAnswers);
        next.add(new RunbookAnswer(at, by, step, answer, note));
        String detail = step + ": " + answer + (note == null || note.isEmpty() ? "" : " (" + note + ")");
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId, append(AlarmChange.RUNBOOK_ANSWERED, at, by, detail),
                comments, next, parent);
    }

    /** A notification about the alarm went out (or failed for good): {@code detail} names the receiver and the outcome. */
    public Alarm notified(Instant at, String by, String detail) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId, append(AlarmChange.NOTIFIED, at, by, detail), comments,
                runbookAnswers, parent);
    }

    /**
     * Linked to the root-cause alarm {@code parentSerialNo} (a server port that lost most of its
     * clients at once), without a history entry: the link was known when the alarm was raised.
     */
    public Alarm withParent(Long parentSerialNo) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId, history, comments, runbookAnswers, parentSerialNo);
    }

    /** Linked to the root-cause alarm {@code parentSerialNo} while already raised: said in its history. */
    public Alarm linked(Instant at, long parentSerialNo) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId,
                append(AlarmChange.LINKED, at, ENGINE, "parent alarm " + parentSerialNo), comments, runbookAnswers,
                parentSerialNo);
    }

    /** No longer the child of {@code parentSerialNo}, which was never raised: said in its history. */
    public Alarm unlinked(Instant at, long parentSerialNo, String why) {
        return new Alarm(serialNo, alarmId, name, nameZh, severity, state, occurredAt, clearedAt, clearType,
                acknowledged, count, params, connectionId,
                append(AlarmChange.UNLINKED, at, ENGINE, "parent alarm " + parentSerialNo + ": " + why), comments,
                runbookAnswers, null);
    }

    @JsonProperty("runbook")
    public String runbookPath() {
        return "/api/alarms/" + serialNo + "/runbook";
    }

    @JsonProperty("logBundle")
    public String logBundlePath() {
        return "/api/alarms/" + serialNo + "/log-bundles";
    }

    private List<AlarmChange> append(String change, Instant at, String by, String detail) {
        var next = new ArrayList<AlarmChange>(history.size() + 1);
        next.addAll(history.size() >= HISTORY_LIMIT ? history.subList(1, history.size()) : history);
        next.add(new AlarmChange(change, at, by, detail));
        return next;
    }
}
