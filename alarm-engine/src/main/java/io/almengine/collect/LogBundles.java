package io.almengine.collect;

import io.almengine.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's log bundles: requests are queued and built one at a time in the background (reading
 * logs competes with the pipeline for the disk), each under {@code DATA_DIR/log-bundles/} as
 * {@code ID.tar.gz} with its status in {@code ID.json}, so status and download survive a restart.
 * A bundle lives on the instance that built it, next to the logs it read. The folder and all in it
 * are owner-only.
 */
public final class LogBundles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogBundles.class);
    /** Ids are random UUIDs; anything else in a request is refused before it comes near a path. */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Requests beyond this wait nowhere: the caller is told to come back. */
    private static final int MAX_QUEUED = 16;

    /** Thrown when too many bundles are waiting already. */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final BundleBuilder builder;
    private final Clock clock;
    private final ThreadPoolExecutor worker;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** A bundle in the making; its status is rebuilt from these fields on every read. */
    private static final class Job {
        final BundleStatus created;
        final BundleProgress progress = new BundleProgress();
        volatile String status = BundleStatus.QUEUED;

        Job(BundleStatus created) {
            this.created = created;
        }
    }

    public LogBundles(Path dir, LogRoots roots, CollectSettings settings, Clock clock) {
        this.dir = dir;
        this.builder = new BundleBuilder(roots, settings, clock);
        this.clock = clock;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
            Thread t = new Thread(r, "log-bundles");
            t.setDaemon(true);
            return t;
        });
        try {
            OwnerOnly.folder(dir);
            failUnfinished();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for log bundles", e);
        }
    }

    /** Queues a bundle; answers its id at once. Throws {@link Busy} when the queue is full. */
    public String submit(BundleRequest request, long serialNo, int alarmId) {
        String id = UUID.randomUUID().toString();
        var status = new BundleStatus(id, serialNo, alarmId, BundleStatus.QUEUED, clock.instant(), request.createdBy(),
                null, new BundleProgress.Snapshot(0, 0, 0, 0), 0, false, List.of(), List.of(), null);
        var job = new Job(status);
        jobs.put(id, job);
        save(status);
        try {
            worker.execute(() -> run(id, job, request));
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            deleteQuietly(statusFile(id));
            throw new Busy(MAX_QUEUED + " log bundles are waiting already; ask again when one is done");
        }
        return id;
    }

    public Optional<BundleStatus> status(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Job job = jobs.get(id);
        if (job != null && !BundleStatus.DONE.equals(job.status) && !BundleStatus.FAILED.equals(job.status)) {
            BundleStatus c = job.created;
            return Optional.of(new BundleStatus(id, c.serialNo(), c.alarmId(), job.status, c.createdAt(), c.createdBy(),
                    null, job.progress.snapshot(), 0, false, List.of(), List.of(), null));
        }
        return load(id);
    }

    /** The archive of a finished bundle. */
    public Optional<Path> archive(String id) {
        return status(id).filter(s -> BundleStatus.DONE.equals(s.status())).map(s -> archiveFile(id))
                .filter(Files::isRegularFile);
    }

    private void run(String id, Job job, BundleRequest request) {
        job.status = BundleStatus.RUNNING;
        BundleStatus c = job.created;
        BundleStatus done;
        try {
            Manifest manifest = builder.build(request, archiveFile(id), dir.resolve(id + ".work"), job.progress);
            List<String> errors = manifest.skipped().stream().filter(s -> s.reason().startsWith("cannot read"))
                    .map(s -> s.path() + ": " + s.reason()).toList();
            done = new BundleStatus(id, c.serialNo(), c.alarmId(), BundleStatus.DONE, c.createdAt(), c.createdBy(),
                    clock.instant(), job.progress.snapshot(), Files.size(archiveFile(id)), manifest.truncated(), errors,
                    manifest.skipped(), "/api/log-bundles/" + id + "/download");
        } catch (IOException | RuntimeException e) {
            LOG.warn("log bundle {} failed", id, e);
            done = new BundleStatus(id, c.serialNo(), c.alarmId(), BundleStatus.FAILED, c.createdAt(), c.createdBy(),
                    clock.instant(), job.progress.snapshot(), 0, false, List.of(String.valueOf(e.getMessage())),
                    List.of(), null);
        }
        save(done);
        job.status = done.status();
        jobs.remove(id);
    }

    /** A bundle left queued or running by an engine that stopped will never finish: say so. */
    private void failUnfinished() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    Optional<BundleStatus> status = load(name.substring(0, name.length() - 5));
                    status.filter(s -> !s.finished()).ifPresent(s -> save(new BundleStatus(s.id(), s.serialNo(),
                            s.alarmId(), BundleStatus.FAILED, s.createdAt(), s.createdBy(), clock.instant(), s.progress(),
                            0, false, List.of("the engine stopped before this bundle was done; ask for a new one"),
                            List.of(), null)));
                } else if (name.endsWith(".part")) {
                    deleteQuietly(file);
                } else if (name.endsWith(".work") && Files.isDirectory(file)) {
                    try (var staged = Files.list(file)) {
                        staged.forEach(LogBundles::deleteQuietly);
                    }
                    deleteQuietly(file);
                }
            }
        }
    }

    private Optional<BundleStatus> load(String id) {
        if (!ID.matcher(id).matches() || !Files.isRegularFile(statusFile(id))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readValue(statusFile(id).toFile(), BundleStatus.class));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", statusFile(id), e.toString());
            return Optional.empty();
        }
    }

    private void save(BundleStatus status) {
        Path file = statusFile(status.id());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            OwnerOnly.write(partial, Json.MAPPER.writeValueAsBytes(status));
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Path statusFile(String id) {
        return dir.resolve(id + ".json");
    }

    private Path archiveFile(String id) {
        return dir.resolve(id + ".tar.gz");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next start's clean-up
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
