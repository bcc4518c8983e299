package io.almengine.collect;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The only folders the collector may read, and the one gate every file passes through.
 *
 * <p>Everything is decided on real paths (symbolic links resolved): a glob is walked from the
 * real form of its fixed prefix, links are never followed while walking, a link found is kept
 * only if its target is a regular file inside a root, and only regular files are ever opened (a
 * FIFO would block the reader, a device could be endless). {@code /proc}, {@code /sys} and
 * {@code /dev} are refused even if a root contains them: their "files" are live process state
 * (environments, memory) and devices. {@link #open} checks again at open time, so a file swapped
 * for a link between the scan and the read is refused too.
 *
 * <p>A hard link is a file's name like any other, so a path inside a root may name a file that
 * belongs elsewhere ({@code ln /etc/shadow /var/log/app/x.log}). A regular file with more than one
 * name is read only when every one of its names is inside the roots (found by looking for its
 * identity, device and inode, in the roots); otherwise it is refused and the manifest says why.
 * A file is read no further than the size it had when scanned.
 */
public final class LogRoots {

    private static final List<Path> PSEUDO = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    /** A glob that matches more than this many files is a mistake, not a log folder. */
    static final int MAX_FILES_PER_GLOB = 10_000;
    /**
     * Files looked at, at most, when looking in the roots for the other names of a file with
     * several (hard links); beyond, the names cannot all be accounted for and the file is refused.
     */
    static final int MAX_FILES_LOOKED_AT_FOR_NAMES = 100_000;

    /** A file the collector may read: as found, its real path, and what it was when scanned. */
    public record Found(Path path, Path real, long size, Instant modified, Object fileKey) {
    }

    /** Something a glob named that is not read, and why. */
    public record Skipped(String path, String reason) {
    }

    /** What a glob yields: files that may be read, and everything else it touched, with reasons. */
    public record Scan(List<Found> files, List<Skipped> skipped) {
    }

    private final List<Path> roots;
    private final List<Skipped> ignored;

    private LogRoots(List<Path> roots, List<Skipped> ignored) {
        this.roots = List.copyOf(roots);
        this.ignored = List.copyOf(ignored);
    }

    /**
     * The usable roots of {@code configured}. A root that does not exist (yet), is not a folder or
     * lies in a pseudo-filesystem is left out and listed in {@link #ignored()}, not fatal: log
     * folders come and go with the agents that write them.
     */
    public static LogRoots of(List<Path> configured) {
        var roots = new ArrayList<Path>();
        var ignored = new ArrayList<Skipped>();
        for (Path root : configured == null ? List.<Path>of() : configured) {
            Path real;
            try {
                real = root.toAbsolutePath().toRealPath();
            } catch (IOException e) {
                ignored.add(new Skipped(root.toString(), "log root does not exist"));
                continue;
            }
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                ignored.add(new Skipped(root.toString(), "log root is not a folder"));
            } else if (pseudo(real)) {
                ignored.add(new Skipped(root.toString(), "log root is in /proc, /sys or /dev, which are never read"));
            } else {
                roots.add(real);
            }
        }
        return new LogRoots(roots, ignored);
    }

    public List<Path> roots() {
        return roots;
    }

    public List<Skipped> ignored() {
        return ignored;
    }

    /** The files {@code glob} names inside the roots, and what it named outside them. */
    public Scan scan(String glob) {
        var found = new ArrayList<Found>();
        var skipped = new ArrayList<Skipped>();
        if (roots.isEmpty()) {
            skipped.add(new Skipped(glob, "no log roots are configured (--log-roots), so nothing may be read"));
            return new Scan(found, skipped);
        }
        if (!glob.startsWith("/")) {
            skipped.add(new Skipped(glob, "not an absolute glob"));
            return new Scan(found, skipped);
        }
        List<String> segments = List.of(glob.substring(1).split("/+"));
        if (segments.contains("..") || segments.contains(".")) {
            skipped.add(new Skipped(glob, "contains '.' or '..': globs name folders directly"));
            return new Scan(found, skipped);
        }
        int fixed = 0;
        while (fixed < segments.size() && !hasGlobSyntax(segments.get(fixed))) {
            fixed++;
        }
        Path prefix = Path.of("/" + String.join("/", segments.subList(0, fixed)));
        String rest = String.join("/", segments.subList(fixed, segments.size()));
        Path realPrefix;
        try {
            realPrefix = prefix.toRealPath();
        } catch (NoSuchFileException e) {
            boolean inside = underRoot(prefix) || roots.stream().anyMatch(r -> r.startsWith(prefix));
            skipped.add(new Skipped(glob, inside ? "nothing there: " + prefix + " does not exist"
                    : outside()));
            return new Scan(found, skipped);
        } catch (IOException e) {
            skipped.add(new Skipped(glob, "cannot read " + prefix + ": " + e));
            return new Scan(found, skipped);
        }
        if (pseudo(realPrefix)) {
            skipped.add(new Skipped(glob, realPrefix + " is in /proc, /sys or /dev, which are never read"));
            return new Scan(found, skipped);
        }
        List<Path> starts;
        if (underRoot(realPrefix)) {
            starts = List.of(realPrefix);
        } else {
            // A glob wider than a root (/var/log/** with root /var/log/td-agent) reads what lies in the root.
            starts = roots.stream().filter(r -> r.startsWith(realPrefix) && !r.equals(realPrefix)).toList();
        }
        if (starts.isEmpty()) {
            skipped.add(new Skipped(glob, outside() + (realPrefix.equals(prefix) ? ""
                    : " (" + prefix + " is " + realPrefix + ")")));
            return new Scan(found, skipped);
        }
        String realGlob = escape(realPrefix.toString()) + (rest.isEmpty() ? "" : (realPrefix.toString().endsWith("/")
                ? "" : "/") + rest);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + realGlob);
        var named = new ArrayList<Named>();
        for (Path start : starts) {
            walk(start, matcher, named, skipped);
        }
        confineNames(named, found, skipped);
        return new Scan(found, skipped);
    }

    /** A file a glob found, with how many names (hard links) it has. */
    private record Named(Found found, int names) {
    }

    /**
     * Keeps the files with a single name, and those with several whose every name is inside a
     * root; refuses the rest. The other names of a file are only found by looking through the
     * roots for its identity, so that look happens once per scan and only if needed.
     */
    private void confineNames(List<Named> named, List<Found> found, List<Skipped> skipped) {
        Set<Object> shared = new HashSet<>();
        for (Named n : named) {
            if (n.names() > 1 && n.found().fileKey() != null) {
                shared.add(n.found().fileKey());
            }
        }
        NameCensus census = shared.isEmpty() ? null : census(shared);
        for (Named n : named) {
            if (n.names() == 1) {
                found.add(n.found());
                continue;
            }
            String path = n.found().path().toString();
            if (n.names() < 1 || n.found().fileKey() == null) {
                skipped.add(new Skipped(path, "cannot tell how many names (hard links) the file has, so it may be "
                        + "a file from elsewhere: not read"));
                continue;
            }
            int inside = census.names.getOrDefault(n.found().fileKey(), Set.of()).size();
            if (inside >= n.names()) {
                found.add(n.found());
            } else if (census.complete) {
                skipped.add(new Skipped(path, "a hard link: the file has " + n.names() + " names and only " + inside
                        + (inside == 1 ? " of them is" : " of them are") + " inside the log roots, so it may be a "
                        + "file from elsewhere: not read"));
            } else {
                skipped.add(new Skipped(path, "a hard link: the file has " + n.names() + " names, and the log roots "
                        + "hold more than " + MAX_FILES_LOOKED_AT_FOR_NAMES + " files, so they could not all be "
                        + "looked for: not read"));
            }
        }
    }

    /** Looks through every root (links not followed) for the names of the files {@code shared} identifies. */
    private NameCensus census(Set<Object> shared) {
        var census = new NameCensus(shared);
        for (Path root : roots) {
            if (!census.complete) {
                break;
            }
            if (roots.stream().anyMatch(other -> !other.equals(root) && root.startsWith(other))) {
                continue; // a root inside another is looked through with it
            }
            try {
                Files.walkFileTree(root, census);
            } catch (IOException e) {
                // What could not be looked at holds no name that counts: its files stay refused.
            }
        }
        return census;
    }

    /** The names, inside the roots, of files with several; incomplete when there was too much to look at. */
    private static final class NameCensus extends SimpleFileVisitor<Path> {
        final Set<Object> shared;
        final Map<Object, Set<Path>> names = new HashMap<>();
        boolean complete = true;
        int looked;

        NameCensus(Set<Object> shared) {
            this.shared = shared;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return pseudo(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (++looked > MAX_FILES_LOOKED_AT_FOR_NAMES) {
                complete = false;
                return FileVisitResult.TERMINATE;
            }
            if (attrs.isRegularFile() && shared.contains(attrs.fileKey())) {
                names.computeIfAbsent(attrs.fileKey(), k -> new HashSet<>()).add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // a name that cannot be seen does not count
        }
    }

    /** How many names (hard links) the file has; 0 when the file system cannot tell. */
    private static int names(Path real) {
        try {
            return ((Number) Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    private void walk(Path start, PathMatcher matcher, List<Named> found, List<Skipped> skipped) {
        try {
            Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        int visited;

                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            return pseudo(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (!matcher.matches(file)) {
                                return FileVisitResult.CONTINUE;
                            }
                            if (++visited > MAX_FILES_PER_GLOB) {
                                skipped.add(new Skipped(start.toString(), "more than " + MAX_FILES_PER_GLOB
                                        + " files match here; the rest is left out (narrow the glob)"));
                                return FileVisitResult.TERMINATE;
                            }
                            classify(file, attrs, found, skipped);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            skipped.add(new Skipped(file.toString(), "cannot read: " + e.getMessage()));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            skipped.add(new Skipped(start.toString(), "cannot read: " + e.getMessage()));
        }
    }

    private void classify(Path file, BasicFileAttributes attrs, List<Named> found, List<Skipped> skipped) {
        if (attrs.isRegularFile()) {
            found.add(new Named(new Found(file, file, attrs.size(), attrs.lastModifiedTime().toInstant(), attrs.fileKey()),
                    names(file)));
            return;
        }
        if (!attrs.isSymbolicLink()) {
            skipped.add(new Skipped(file.toString(), "not a regular file (a FIFO, socket or device): never opened"));
            return;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            skipped.add(new Skipped(file.toString(), "symbolic link to nothing"));
            return;
        }
        if (!underRoot(real) || pseudo(real)) {
            skipped.add(new Skipped(file.toString(), "symbolic link to " + real + ", outside the log roots: not followed"));
            return;
        }
        BasicFileAttributes target;
        try {
            target = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            skipped.add(new Skipped(file.toString(), "cannot read: " + e.getMessage()));
            return;
        }
        if (target.isDirectory()) {
            skipped.add(new Skipped(file.toString(), "symbolic link to a folder: not followed"));
        } else if (!target.isRegularFile()) {
            skipped.add(new Skipped(file.toString(), "symbolic link to something that is not a regular file: never opened"));
        } else {
            found.add(new Named(new Found(file, real, target.size(), target.lastModifiedTime().toInstant(),
                    target.fileKey()), names(real)));
        }
    }

    /**
     * Opens a file found by {@link #scan}, after checking again that it is still the same regular
     * file inside a root, and without following a link in its last step. The stream ends at the
     * size the file had when scanned: a log that grows meanwhile is not read past it.
     */
    public InputStream open(Found file) throws IOException {
        Path real = file.real().toRealPath();
        if (!real.equals(file.real()) || !underRoot(real) || pseudo(real)) {
            throw new IOException(file.path() + " now leads to " + real + ", not the file scanned: not read");
        }
        BasicFileAttributes now = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isRegularFile() || !Objects.equals(now.fileKey(), file.fileKey())) {
            throw new IOException(file.path() + " was replaced since it was scanned: not read");
        }
        return new UpTo(Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS), file.size());
    }

    /** A stream that ends after {@code limit} bytes. */
    private static final class UpTo extends FilterInputStream {
        private long left;

        UpTo(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private boolean underRoot(Path real) {
        return roots.stream().anyMatch(real::startsWith);
    }

    private static boolean pseudo(Path real) {
        return PSEUDO.stream().anyMatch(real::startsWith);
    }

    private String outside() {
        return "outside every log root (" + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
                + "): not read";
    }

    private static boolean hasGlobSyntax(String segment) {
        return segment.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{' || c == '\\');
    }

    /** A real folder name is literal text in the glob, even if it holds glob characters. */
    private static String escape(String literal) {
        return literal.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
    }
}
