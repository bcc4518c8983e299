package io.almengine.collect;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /api/log-bundles/{id}} answers, and what is kept on disk next to the bundle so
 * the answer survives a restart.
 *
 * @param status   {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param errors   why the bundle failed, or what could not be read
 * @param skipped  what the definition named that is not in the bundle, and why (also in the manifest)
 * @param download the API path of the archive, once done
 */
public record BundleStatus(String id, long serialNo, int alarmId, String status, Instant createdAt, String createdBy,
                           Instant finishedAt, BundleProgress.Snapshot progress, long sizeBytes, boolean truncated,
                           List<String> errors, List<Manifest.SkipEntry> skipped, String download) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public BundleStatus {
        errors = errors == null ? List.of() : List.copyOf(errors);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    public boolean finished() {
        return DONE.equals(status) || FAILED.equals(status);
    }
}
