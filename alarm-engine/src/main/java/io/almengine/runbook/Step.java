package io.almengine.runbook;

import io.almengine.definition.AlarmDefinition.Text;
import java.util.List;
import java.util.stream.Stream;

/**
 * One step of a runbook, as validated: exactly one of a question (with the step for each answer),
 * a {@code next} step, or an {@code end}. Texts are templates with {@code {parameter}} placeholders.
 *
 * @param title        optional heading of its own (the section's title otherwise)
 * @param instructions what to do; absent only on end steps
 * @param commands     commands to copy: shown, never run by the engine
 * @param check        optional typed check that pre-answers the question
 */
public record Step(String id, String sectionId, Text title, Text instructions, List<String> commands, Check check,
                   Text question, String yes, String no, String next, End end) {

    public Step {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    public enum Kind { QUESTION, NEXT, END }

    public Kind kind() {
        if (end != null) {
            return Kind.END;
        }
        return question != null ? Kind.QUESTION : Kind.NEXT;
    }

    /** The steps this one leads to: both answers of a question, the next step, or none. */
    public List<String> successors() {
        return Stream.of(yes, no, next).filter(s -> s != null).distinct().toList();
    }

    /** Where an answer to this question leads. */
    public String after(String answer) {
        return "yes".equals(answer) ? yes : no;
    }
}
