package io.almengine.collect;

import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds one bundle: scans every source glob through {@link LogRoots}, leaves out what is older
 * than the window, cuts and masks each file into a staging folder (which also gives each file's
 * size and sha256 before the manifest is written), then packs {@code manifest.json} and the files
 * into a {@code .tar.gz} with Apache Commons Compress, and moves it into place in one step.
 * Everything it writes is owner-only ({@link OwnerOnly}).
 */
public final class BundleBuilder {

    private final LogRoots roots;
    private final CollectSettings settings;
    private final SecretMasker masker;
    private final Clock clock;

    public BundleBuilder(LogRoots roots, CollectSettings settings, Clock clock) {
        this.roots = roots;
        this.settings = settings;
        this.masker = new SecretMasker(settings.secretPatterns());
        this.clock = clock;
    }

    /** A file chosen for the bundle, with the source that named it. */
    private record Chosen(LogRoots.Found found, LogSource source) {
    }

    /** Writes the bundle to {@code out}; {@code work} is a scratch folder, emptied and removed at the end. */
    public Manifest build(BundleRequest request, Path out, Path work, BundleProgress progress) throws IOException {
        Window window = request.window();
        var skipped = new ArrayList<Manifest.SkipEntry>();
        var chosen = new LinkedHashMap<Path, Chosen>();
        for (LogSource source : request.sources()) {
            LogRoots.Scan scan = roots.scan(source.glob());
            scan.skipped().forEach(s -> skipped.add(new Manifest.SkipEntry(source.host(), source.glob(),
                    s.path().equals(source.glob()) ? null : s.path(), s.reason())));
            if (scan.files().isEmpty() && scan.skipped().isEmpty()) {
                skipped.add(new Manifest.SkipEntry(source.host(), source.glob(), null, "no file matches"));
            }
            for (LogRoots.Found found : scan.files()) {
                if (chosen.containsKey(found.real())) {
                    continue; // two globs (client and server on one host) name the same file: once is enough
                }
                if (!source.wholeFile() && found.modified().isBefore(window.from())) {
                    skipped.add(new Manifest.SkipEntry(source.host(), source.glob(), found.path().toString(),
                            "last modified " + found.modified() + ", before the window starts (" + window.from()
                                    + "): it holds nothing from the window"));
                    continue;
                }
                chosen.put(found.real(), new Chosen(found, source));
            }
        }
        List<Chosen> files = chosen.values().stream()
                .sorted(Comparator.comparing(c -> c.found().path().toString())).toList();
        progress.total(files.size(), files.stream().mapToLong(c -> c.found().size()).sum());

        OwnerOnly.folder(work);
        var entries = new ArrayList<Manifest.FileEntry>();
        var staged = new LinkedHashMap<String, Path>();
        long budget = settings.maxBundleBytes();
        boolean truncated = false;
        FileCutter cutter = new FileCutter(new LineTimes(settings.logZone(), window.to()), masker);
        try {
            for (Chosen c : files) {
                LogRoots.Found found = c.found();
                if (budget <= 0) {
                    truncated = true;
                    skipped.add(new Manifest.SkipEntry(c.source().host(), c.source().glob(), found.path().toString(),
                            "the bundle's size cap of " + settings.maxBundleBytes() + " bytes was reached"));
                    progress.fileDone(found.size(), 0);
                    continue;
                }
                Path target = work.resolve(String.format("%05d", staged.size()));
                var read = new AtomicLong();
                FileCutter.Result result;
                String sha256;
                try (InputStream in = roots.open(found);
                     OutputStream file = OwnerOnly.newFile(target);
                     DigestOutputStream digest = new DigestOutputStream(file, sha256())) {
                    result = cutter.copy(in, found.size(), digest, c.source().wholeFile() ? null : window, budget, n -> {
                        read.addAndGet(n);
                        progress.read(n);
                    });
                    sha256 = HexFormat.of().formatHex(digest.getMessageDigest().digest());
                } catch (IOException e) {
                    Files.deleteIfExists(target);
                    skipped.add(new Manifest.SkipEntry(c.source().host(), c.source().glob(), found.path().toString(),
                            "cannot read: " + e.getMessage()));
                    progress.fileDone(found.size(), read.get());
                    continue;
                }
                progress.fileDone(found.size(), read.get());
                if (result.binary()) {
                    Files.deleteIfExists(target);
                    skipped.add(new Manifest.SkipEntry(c.source().host(), c.source().glob(), found.path().toString(),
                            "binary or compressed: it can be neither cut to the window nor masked, so it stays out"));
                    continue;
                }
                // Once the cap has cut a file, whatever small remainder is left would only hold stray lines.
                budget = result.truncated() ? 0 : budget - result.bytesWritten();
                truncated |= result.truncated();
                String archivePath = "files" + found.path();
                staged.put(archivePath, target);
                entries.add(new Manifest.FileEntry(found.path().toString(), archivePath, c.source().host(),
                        c.source().glob(), result.bytesWritten(), sha256, found.size(), result.bytesRead(),
                        found.modified(), result.format(), cutText(result, c.source(), window, found.size()),
                        result.linesKept(), result.linesBefore(), result.linesAfter(), result.masked(),
                        result.truncated()));
            }
            Manifest manifest = new Manifest(1, clock.instant(), request.createdBy(), request.alarm(),
                    Manifest.WindowInfo.of(window, request.before(), request.after(), settings.logZone().getId()),
                    roots.roots().stream().map(Path::toString).toList(), roots.ignored(), settings.maxBundleBytes(),
                    truncated, entries, skipped, entries.stream().mapToLong(Manifest.FileEntry::size).sum());
            pack(manifest, staged, entries, out);
            return manifest;
        } finally {
            for (Path p : staged.values()) {
                Files.deleteIfExists(p);
            }
            try (var left = Files.list(work)) {
                for (Path p : left.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private static String cutText(FileCutter.Result r, LogSource source, Window window, long size) {
        String text;
        if (source.wholeFile()) {
            text = "kept whole: a file the escalation needs as it is";
        } else if (r.format() == null) {
            text = "kept whole: no known timestamp format in its first lines";
        } else if (r.linesBefore() == 0 && r.linesAfter() == 0) {
            text = "nothing cut: every " + r.format() + " line is inside the window";
        } else {
            text = "kept the " + r.format() + " lines from " + window.from() + " to " + window.to() + "; cut "
                    + r.linesBefore() + " lines before and " + r.linesAfter() + " after the window";
        }
        if (r.truncated()) {
            text += "; truncated at " + r.bytesWritten() + " bytes: the bundle's size cap was reached";
        }
        if (r.stoppedBecause() != null) {
            text += "; stopped reading at byte " + r.stoppedAt() + " of " + size + ": " + r.stoppedBecause();
        }
        if (r.masked() > 0) {
            text += "; " + r.masked() + " secret" + (r.masked() == 1 ? "" : "s") + " masked";
        }
        return text;
    }

    private static void pack(Manifest manifest, Map<String, Path> staged, List<Manifest.FileEntry> entries, Path out)
            throws IOException {
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        try (OutputStream file = OwnerOnly.newFile(partial);
             var gzip = new GzipCompressorOutputStream(file);
             var tar = new TarArchiveOutputStream(gzip)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            byte[] json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            var entry = new TarArchiveEntry("manifest.json");
            entry.setSize(json.length);
            entry.setModTime(manifest.createdAt().toEpochMilli());
            tar.putArchiveEntry(entry);
            tar.write(json);
            tar.closeArchiveEntry();
            for (Manifest.FileEntry e : entries) {
                Path content = staged.get(e.archivePath());
                var fileEntry = new TarArchiveEntry(e.archivePath());
                fileEntry.setSize(Files.size(content));
                fileEntry.setModTime(e.modifiedAt().toEpochMilli());
                tar.putArchiveEntry(fileEntry);
                Files.copy(content, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
