package io.almengine.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's local state (Kafka Streams' task folders) after a stop that was not clean. Under
 * exactly-once, Kafka Streams cannot trust a task's local stores after a kill and rebuilds them
 * from their changelogs anyway, but only after opening every store twice (once at start, once when
 * the task is assigned) and one more rebalance: seconds of every restart after a crash. The engine
 * marks a clean stop ({@value #CLEAN_STOP}); a start without the mark removes the task folders
 * before Kafka Streams starts, which then restores them straight away. The changelogs are the
 * truth: removing local state never loses anything, at worst it costs a restore.
 */
final class LocalState {

    static final String CLEAN_STOP = "clean-stop";
    private static final Logger LOG = LoggerFactory.getLogger(LocalState.class);
    /** Kafka Streams' task folders: subtopology_partition. */
    private static final Pattern TASK_FOLDER = Pattern.compile("\\d+_\\d+");

    private final Path folder;

    /** @param folder the application's state folder, {@code STATE_DIR/APPLICATION_ID} */
    LocalState(Path folder) {
        this.folder = folder;
    }

    /**
     * Before Kafka Streams starts (and after it has locked its state folder, so no other instance
     * uses it): keeps the local state after a clean stop, removes it otherwise; and takes the mark
     * away, so that a kill from now on leaves none.
     */
    void prepareForStart() throws IOException {
        Path mark = folder.resolve(CLEAN_STOP);
        if (Files.deleteIfExists(mark) || !Files.isDirectory(folder)) {
            return;
        }
        List<Path> tasks;
        try (Stream<Path> entries = Files.list(folder)) {
            tasks = entries.filter(p -> Files.isDirectory(p) && TASK_FOLDER.matcher(p.getFileName().toString()).matches())
                    .toList();
        }
        if (tasks.isEmpty()) {
            return;
        }
        LOG.info("the last stop was not clean: removing the local state of {} tasks, restored from their changelogs",
                tasks.size());
        for (Path task : tasks) {
            try (Stream<Path> tree = Files.walk(task)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** After Kafka Streams has closed cleanly. */
    void markCleanStop() throws IOException {
        if (Files.isDirectory(folder)) {
            Files.writeString(folder.resolve(CLEAN_STOP), "");
        }
    }
}
