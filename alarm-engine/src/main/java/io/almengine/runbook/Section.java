package io.almengine.runbook;

import io.almengine.definition.AlarmDefinition.Text;
import java.util.List;

/** A group of steps under one heading, as the reference procedures group them (检查网络, 检查进程, …). */
public record Section(String id, Text title, List<Step> steps) {

    public Section {
        steps = List.copyOf(steps);
    }
}
