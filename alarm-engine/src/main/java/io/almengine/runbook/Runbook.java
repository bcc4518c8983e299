package io.almengine.runbook;

import io.almengine.definition.AlarmDefinition.Text;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The handling procedure of one alarm type, validated: every path from {@code start} ends. */
public record Runbook(int alarmId, Text title, String start, List<Section> sections, Path file) {

    public Runbook {
        sections = List.copyOf(sections);
    }

    /** Every step, in the order of the file. */
    public List<Step> steps() {
        return sections.stream().flatMap(s -> s.steps().stream()).toList();
    }

    /** A runbook has tens of steps at most: a scan is cheaper to reason about than an index. */
    public Optional<Step> step(String id) {
        return steps().stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
