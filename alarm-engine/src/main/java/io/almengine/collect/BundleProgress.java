package io.almengine.collect;

import java.util.concurrent.atomic.AtomicLong;

/** How far a bundle is, updated by the collector as it reads, read by whoever asks. */
public final class BundleProgress {

    /** A consistent-enough snapshot: each number is exact, they may be a moment apart. */
    public record Snapshot(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
    }

    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong filesTotal = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();

    void total(long files, long bytes) {
        filesTotal.set(files);
        bytesTotal.set(bytes);
    }

    void read(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    /** A file is done: its bytes count as read even where the reading stopped early (cut, cap). */
    void fileDone(long bytesOfFile, long bytesReadOfFile) {
        filesDone.incrementAndGet();
        bytesDone.addAndGet(Math.max(0, bytesOfFile - bytesReadOfFile));
    }

    public Snapshot snapshot() {
        return new Snapshot(filesDone.get(), filesTotal.get(), Math.min(bytesDone.get(), bytesTotal.get()),
                bytesTotal.get());
    }
}
