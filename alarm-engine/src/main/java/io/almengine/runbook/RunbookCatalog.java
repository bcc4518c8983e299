package io.almengine.runbook;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.definition.DefinitionError;
import io.almengine.definition.InvalidDefinitionsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The runbook of every loaded alarm definition, validated against it at start. Files in the
 * runbooks folder that no definition names are not read: a folder shared by several deployments
 * may hold runbooks of alarm types this one does not run.
 */
public final class RunbookCatalog {

    private final Map<Integer, Runbook> byAlarm;

    private RunbookCatalog(Map<Integer, Runbook> byAlarm) {
        this.byAlarm = Map.copyOf(byAlarm);
    }

    public static RunbookCatalog of(Collection<Runbook> runbooks) {
        var map = new LinkedHashMap<Integer, Runbook>();
        runbooks.forEach(r -> map.put(r.alarmId(), r));
        return new RunbookCatalog(map);
    }

    /** Reads the runbook each definition names; throws with every problem of every file. */
    public static RunbookCatalog load(Path folder, DefinitionCatalog definitions) {
        var errors = new ArrayList<DefinitionError>();
        var loaded = new LinkedHashMap<Integer, Runbook>();
        for (AlarmDefinition definition : definitions.all()) {
            Path file = folder.resolve(definition.runbook());
            if (!Files.isRegularFile(file)) {
                errors.add(new DefinitionError(file, 0, null, "no such runbook, named by " + definition.code()));
                continue;
            }
            RunbookReader.read(file, definition, errors).ifPresent(r -> loaded.put(r.alarmId(), r));
        }
        if (!errors.isEmpty()) {
            throw new InvalidDefinitionsException("Runbooks in " + folder, errors);
        }
        return new RunbookCatalog(loaded);
    }

    public int size() {
        return byAlarm.size();
    }

    public Optional<Runbook> forAlarm(int alarmId) {
        return Optional.ofNullable(byAlarm.get(alarmId));
    }
}
