package io.almengine.lifecycle;

import java.util.Map;

/**
 * What an operator asks of one alarm: the vocabulary of {@code alm.alarm-commands}. A new action
 * (silence links, parent links, …) is a new record here, a case in {@link #fromWire} and a case in
 * {@code AlarmCommands}; the API builds these, the alarm's owner applies them.
 *
 * <p>On the wire an action is its {@link #name()} and its {@link #args()}, a string map, as the
 * first version wrote it; records stay readable both ways across a rolling upgrade.
 */
public sealed interface AlarmAction {

    /** The action's name on the wire: {@code ack}, {@code comment}, … */
    String name();

    /** The action's arguments on the wire. */
    Map<String, String> args();

    /** Acknowledge: someone is on it. Acknowledging an acknowledged alarm changes nothing. */
    record Ack() implements AlarmAction {
        @Override
        public String name() {
            return "ack";
        }

        @Override
        public Map<String, String> args() {
            return Map.of();
        }
    }

    /** Take the acknowledgement back. */
    record Unack() implements AlarmAction {
        @Override
        public String name() {
            return "unack";
        }

        @Override
        public Map<String, String> args() {
            return Map.of();
        }
    }

    /** Leave a note on the alarm; blank text is refused as invalid. */
    record Comment(String text) implements AlarmAction {
        public Comment {
            text = text == null ? "" : text;
        }

        @Override
        public String name() {
            return "comment";
        }

        @Override
        public Map<String, String> args() {
            return Map.of("text", text);
        }
    }

    /** Clear by hand; {@code reason} may be empty, except for an admin clearing a self-clearing alarm. */
    record Clear(String reason) implements AlarmAction {
        public Clear {
            reason = reason == null ? "" : reason;
        }

        @Override
        public String name() {
            return "clear";
        }

        @Override
        public Map<String, String> args() {
            return Map.of("reason", reason);
        }
    }

    /** Answer a question of the alarm type's runbook; {@code answer} is {@code yes} or {@code no}. */
    record RunbookAnswer(String step, String answer, String note) implements AlarmAction {
        public RunbookAnswer {
            step = step == null ? "" : step;
            answer = answer == null ? "" : answer;
            note = note == null ? "" : note;
        }

        @Override
        public String name() {
            return "runbook-answer";
        }

        @Override
        public Map<String, String> args() {
            return Map.of("step", step, "answer", answer, "note", note);
        }
    }

    /**
     * The notification stage reports how a message naming the alarm went: one history entry per
     * message, {@code outcome} {@code sent} or {@code failed}, {@code answer} the service's (short).
     */
    record Notified(String receiver, String outcome, String answer) implements AlarmAction {
        public Notified {
            receiver = receiver == null ? "" : receiver;
            outcome = outcome == null ? "" : outcome;
            answer = answer == null ? "" : answer;
        }

        @Override
        public String name() {
            return "notified";
        }

        @Override
        public Map<String, String> args() {
            return Map.of("receiver", receiver, "outcome", outcome, "answer", answer);
        }
    }

    /**
     * An action this version does not know, as a newer engine sharing the topics during an upgrade
     * may write: refused as invalid, never a reason to stop the stream thread.
     */
    record Unrecognised(String name, Map<String, String> args) implements AlarmAction {
        public Unrecognised {
            name = name == null ? "" : name;
            args = args == null ? Map.of() : Map.copyOf(args);
        }
    }

    /** The action a record names; a missing argument reads as the empty string, as it always did. */
    static AlarmAction fromWire(String name, Map<String, String> args) {
        Map<String, String> given = args == null ? Map.of() : args;
        String key = name == null ? "" : name;
        return switch (key) {
            case "ack" -> new Ack();
            case "unack" -> new Unack();
            case "comment" -> new Comment(given.get("text"));
            case "clear" -> new Clear(given.get("reason"));
            case "runbook-answer" -> new RunbookAnswer(given.get("step"), given.get("answer"), given.get("note"));
            case "notified" -> new Notified(given.get("receiver"), given.get("outcome"), given.get("answer"));
            default -> new Unrecognised(key, given);
        };
    }
}
