package io.almengine.collect;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Copies one log file into a bundle: only the lines inside the window (for a file whose lines
 * carry known timestamps), secrets masked, up to a byte budget.
 *
 * <p>Lines are handled as ISO-8859-1, one char per byte, so whatever the file's encoding (UTF-8,
 * GBK) every byte that is not masked comes out exactly as it went in. A line without a timestamp
 * (a stack trace) belongs to the timestamped line before it; lines before the first timestamp go
 * with the first. A file with no known timestamp in its first {@value #PRESCAN} bytes is copied
 * whole; a binary or compressed file is not copied at all, since it can be neither cut nor masked.
 */
final class FileCutter {

    static final int PRESCAN = 64 * 1024;
    /** Longer "lines" are split: a log line is never this long, a file without newlines might be. */
    static final int MAX_LINE = 1024 * 1024;

    /**
     * What happened to one file.
     *
     * @param binary  the file is binary or compressed: nothing was written
     * @param format  the timestamp format found, or {@code null} (copied whole)
     * @param truncated the budget ran out before the end of what was to be kept
     */
    record Result(boolean binary, String format, long linesKept, long linesBefore, long linesAfter, int masked,
                  long bytesWritten, boolean truncated) {
    }

    private final LineTimes times;
    private final SecretMasker masker;

    FileCutter(LineTimes times, SecretMasker masker) {
        this.times = times;
        this.masker = masker;
    }

    /**
     * @param window   lines to keep, or {@code null} to keep every line (a configuration file)
     * @param budget   bytes that may still be written
     * @param progress told how many more bytes of the source were read, as reading goes
     */
    Result copy(InputStream source, OutputStream out, Window window, long budget, LongConsumer progress)
            throws IOException {
        var in = new BufferedInputStream(source, PRESCAN * 2);
        in.mark(PRESCAN + 1);
        byte[] head = in.readNBytes(PRESCAN);
        in.reset();
        if (binary(head)) {
            return new Result(true, null, 0, 0, 0, 0, 0, false);
        }
        boolean windowed = window != null && hasTimestamp(head);
        var state = new State(out, budget);
        var leading = new ArrayList<String>();
        java.time.Instant current = null;
        String format = null;
        for (byte[] bytes = readLine(in); bytes != null; bytes = readLine(in)) {
            progress.accept(bytes.length);
            String line = new String(bytes, StandardCharsets.ISO_8859_1);
            if (!windowed) {
                if (!state.write(line)) {
                    break;
                }
                continue;
            }
            LineTimes.Stamp stamp = times.parse(line);
            if (stamp != null) {
                current = stamp.at();
                format = format == null ? stamp.format() : format;
                if (!leading.isEmpty() && !state.keepOrCut(leading, current, window)) {
                    break;
                }
                leading.clear();
            }
            if (current == null) {
                leading.add(line); // bounded: a timestamp was seen within the first PRESCAN bytes
            } else if (!state.keepOrCut(List.of(line), current, window)) {
                break;
            }
        }
        return new Result(false, format, state.kept, state.before, state.after, state.masked, state.written,
                state.truncated);
    }

    private final class State {
        final OutputStream out;
        final long budget;
        long kept;
        long before;
        long after;
        int masked;
        long written;
        boolean truncated;

        State(OutputStream out, long budget) {
            this.out = out;
            this.budget = budget;
        }

        /** Keeps or counts the lines stamped {@code at}; false once the budget is spent. */
        boolean keepOrCut(List<String> lines, java.time.Instant at, Window window) throws IOException {
            if (at.isBefore(window.from())) {
                before += lines.size();
                return true;
            }
            if (at.isAfter(window.to())) {
                after += lines.size();
                return true;
            }
            for (String line : lines) {
                if (!write(line)) {
                    return false;
                }
            }
            return true;
        }

        boolean write(String line) throws IOException {
            SecretMasker.Masked m = masker.mask(line);
            byte[] bytes = m.line().getBytes(StandardCharsets.ISO_8859_1);
            if (written + bytes.length > budget) {
                truncated = true;
                return false;
            }
            out.write(bytes);
            written += bytes.length;
            masked += m.count();
            kept++;
            return true;
        }
    }

    private boolean hasTimestamp(byte[] head) {
        // Split as readLine does (on '\n' only), so the line found here is a line the copy will see.
        String text = new String(head, StandardCharsets.ISO_8859_1);
        return java.util.Arrays.stream(text.split("\n")).anyMatch(line -> times.parse(line) != null);
    }

    /** NUL bytes or a gzip, zip, bzip2, xz or zstd signature: not a text log. */
    private static boolean binary(byte[] head) {
        if (startsWith(head, 0x1f, 0x8b) || startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'B', 'Z', 'h')
                || startsWith(head, 0xfd, '7', 'z', 'X', 'Z') || startsWith(head, 0x28, 0xb5, 0x2f, 0xfd)) {
            return true;
        }
        for (int i = 0; i < Math.min(head.length, 8192); i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] head, int... signature) {
        if (head.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xff) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    /** The next line with its terminator, at most {@link #MAX_LINE} bytes; {@code null} at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new java.io.ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n' || line.size() >= MAX_LINE) {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
