package io.almengine.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a clean stop the pipeline's local state is kept; after any other (a kill), its task folders
 * are removed before Kafka Streams starts, which would only find them unusable and rebuild them
 * from the changelogs, seconds later. Kafka Streams' own files beside them stay.
 */
class LocalStateTest {

    @TempDir
    Path folder;

    private Path task(String name) throws Exception {
        Path task = Files.createDirectories(folder.resolve(name).resolve("rocksdb").resolve("connections"));
        Files.writeString(task.resolve("000001.sst"), "state");
        return folder.resolve(name);
    }

    @Test
    void aStartAfterACleanStopKeepsTheLocalStateAndTheNextKillLeavesNoMark() throws Exception {
        Path task = task("0_1");
        var state = new LocalState(folder);
        state.markCleanStop();
        state.prepareForStart();
        assertTrue(Files.isDirectory(task));
        assertFalse(Files.exists(folder.resolve(LocalState.CLEAN_STOP)), "a kill from now on finds no mark");
    }

    @Test
    void aStartAfterAnythingElseRemovesTheTaskFoldersOnly() throws Exception {
        Path first = task("0_0");
        Path second = task("1_5");
        Path processFile = Files.writeString(folder.resolve("kafka-streams-process-metadata"), "{}");
        Path other = Files.createDirectories(folder.resolve("not-a-task"));
        new LocalState(folder).prepareForStart();
        assertFalse(Files.exists(first));
        assertFalse(Files.exists(second));
        assertTrue(Files.exists(processFile), "Kafka Streams' process id stays: its transactional ids depend on it");
        assertTrue(Files.isDirectory(other));
    }

    @Test
    void aFirstStartHasNothingToRemove() throws Exception {
        new LocalState(folder.resolve("not-yet-created")).prepareForStart();
        assertFalse(Files.exists(folder.resolve("not-yet-created")));
    }
}
