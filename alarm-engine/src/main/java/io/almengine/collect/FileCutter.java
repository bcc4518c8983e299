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
 *
 * <p>Reading stops as soon as nothing more could go into the bundle, not only writing: once the
 * budget is spent; {@value #READ_AHEAD_PAST_WINDOW} bytes after the lines passed the window's end
 * (logs are written in time order; the slack is for loggers whose threads interleave a little);
 * and at a run of {@value #NUL_RUN} NUL bytes, which is a hole of a sparse file or binary data,
 * not log lines (a 2 GiB hole would otherwise be read for nothing).
 */
final class FileCutter {

    static final int PRESCAN = 64 * 1024;
    /** Longer "lines" are split: a log line is never this long, a file without newlines might be. */
    static final int MAX_LINE = 1024 * 1024;
    /** Bytes read, at most, after the first line stamped past the window, for lines a little out of order. */
    static final int READ_AHEAD_PAST_WINDOW = 64 * 1024;
    /** NUL bytes in a row that end the reading: no log line holds them. */
    static final int NUL_RUN = 64 * 1024;
    static final String PAST_WINDOW = "the lines are past the window";
    static final String NUL_BYTES = "NUL bytes from there on (a sparse hole or binary data)";

    /**
     * What happened to one file.
     *
     * @param binary  the file is binary or compressed: nothing was written
     * @param format  the timestamp format found, or {@code null} (copied whole)
     * @param truncated the budget ran out before the end of what was to be kept
     * @param bytesRead bytes of the source read
     * @param stoppedAt where reading stopped early for {@code stoppedBecause} (nothing more could be kept), or -1
     */
    record Result(boolean binary, String format, long linesKept, long linesBefore, long linesAfter, int masked,
                  long bytesWritten, boolean truncated, long bytesRead, long stoppedAt, String stoppedBecause) {
    }

    private final LineTimes times;
    private final SecretMasker masker;

    FileCutter(LineTimes times, SecretMasker masker) {
        this.times = times;
        this.masker = masker;
    }

    /**
     * @param size     bytes {@code source} holds (it ends there)
     * @param window   lines to keep, or {@code null} to keep every line (a configuration file)
     * @param budget   bytes that may still be written
     * @param progress told how many more bytes of the source were read, as reading goes
     */
    Result copy(InputStream source, long size, OutputStream out, Window window, long budget, LongConsumer progress)
            throws IOException {
        var in = new BufferedInputStream(source, PRESCAN * 2);
        in.mark(PRESCAN + 1);
        byte[] head = in.readNBytes(PRESCAN);
        in.reset();
        if (binary(head)) {
            return new Result(true, null, 0, 0, 0, 0, 0, false, head.length, -1, null);
        }
        boolean windowed = window != null && hasTimestamp(head);
        var state = new State(out, budget);
        var leading = new ArrayList<String>();
        java.time.Instant current = null;
        String format = null;
        long read = 0;
        long pastWindowAt = -1;
        long stoppedAt = -1;
        String stoppedBecause = null;
        while (true) {
            if (pastWindowAt >= 0 && read - pastWindowAt >= READ_AHEAD_PAST_WINDOW && read < size) {
                stoppedAt = read;
                stoppedBecause = PAST_WINDOW;
                break;
            }
            byte[] bytes = readLine(in);
            if (bytes == null) {
                break;
            }
            progress.accept(bytes.length);
            read += bytes.length;
            if (bytes.length >= NUL_RUN && nulsOnly(bytes)) {
                stoppedAt = read - bytes.length; // readLine ends a run of NULs as a line of its own
                stoppedBecause = NUL_BYTES;
                break;
            }
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
                pastWindowAt = !current.isAfter(window.to()) ? -1 : pastWindowAt >= 0 ? pastWindowAt : read;
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
                state.truncated, read, stoppedAt, stoppedBecause);
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

    private static boolean nulsOnly(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
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

    /**
     * The next line with its terminator, at most {@link #MAX_LINE} bytes; {@code null} at the end.
     * A line made of NUL bytes only ends after {@link #NUL_RUN} of them.
     */
    private static byte[] readLine(InputStream in) throws IOException {
        var line = new java.io.ByteArrayOutputStream(256);
        boolean nulsOnly = true;
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            nulsOnly &= b == 0;
            if (b == '\n' || line.size() >= MAX_LINE || (nulsOnly && line.size() >= NUL_RUN)) {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
