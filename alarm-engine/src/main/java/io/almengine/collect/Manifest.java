package io.almengine.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} at the root of every bundle: what it was collected for, the window, and
 * for every file named by the definition what went in (path, size, sha256 of the content in the
 * bundle) or why it did not.
 *
 * @param alarm     the alarm (or, from the CLI, the alarm type and time) the bundle is for
 * @param truncated whether the size cap cut anything
 */
public record Manifest(
        int version,
        Instant createdAt,
        String createdBy,
        Map<String, Object> alarm,
        WindowInfo window,
        List<String> logRoots,
        List<LogRoots.Skipped> ignoredLogRoots,
        long maxBytes,
        boolean truncated,
        List<FileEntry> files,
        List<SkipEntry> skipped,
        long totalBytes) {

    /** {@code before} and {@code after} as ISO-8601 durations ({@code PT1H}), as the definition writes them. */
    public record WindowInfo(Instant from, Instant to, String before, String after, String zoneOfLocalTimestamps) {

        static WindowInfo of(Window window, Duration before, Duration after, String zone) {
            return new WindowInfo(window.from(), window.to(), before.toString(), after.toString(), zone);
        }
    }

    /**
     * One file in the bundle.
     *
     * @param path         where it was read, as the definition's glob found it
     * @param archivePath  where it is in the bundle
     * @param size         bytes in the bundle (after cutting and masking)
     * @param sha256       of those bytes
     * @param originalSize bytes of the file when it was scanned
     * @param bytesRead    bytes of the file read: at most {@code originalSize} (a file that grows meanwhile is
     *                     not read further), less when nothing more could be kept (see {@code cut})
     * @param format       the timestamp format found, {@code null} when the file was kept whole
     * @param cut          what was cut and why, in words
     */
    public record FileEntry(String path, String archivePath, String host, String glob, long size, String sha256,
                            long originalSize, long bytesRead, Instant modifiedAt, String format, String cut, long linesKept,
                            long linesCutBefore, long linesCutAfter, int secretsMasked, boolean truncated) {
    }

    /** Something the definition named that is not in the bundle, and why. */
    public record SkipEntry(String host, String glob, String path, String reason) {
    }
}
