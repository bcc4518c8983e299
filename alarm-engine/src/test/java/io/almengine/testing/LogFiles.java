package io.almengine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Real log files for collector tests: lines with real timestamps in the fleets' formats, real mtimes. */
public final class LogFiles {

    private LogFiles() {
    }

    /** A line format: how a time is written at the start of a line, in the log host's zone. */
    public record Format(String name, Function<Instant, String> stamp) {

        public String line(Instant at, String message) {
            return stamp.apply(at) + " " + message;
        }
    }

    public static Format log4j(ZoneId zone) {
        return format("log4j", "yyyy-MM-dd HH:mm:ss,SSS", zone);
    }

    public static Format flume(ZoneId zone) {
        return format("flume", "dd MMM yyyy HH:mm:ss,SSS", zone);
    }

    /** td-agent writes its own offset, so the collector's zone setting must not matter. */
    public static Format tdAgent(ZoneId zone) {
        return format("td-agent", "yyyy-MM-dd HH:mm:ss Z", zone);
    }

    public static Format syslog(ZoneId zone) {
        return format("syslog", "MMM ppd HH:mm:ss", zone);
    }

    private static Format format(String name, String pattern, ZoneId zone) {
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(zone);
        return new Format(name, f::format);
    }

    /** One line per {@code step} from {@code from} to {@code to} (both included): "{stamp} [INFO] line at {instant}". */
    public static List<String> lines(Format format, Instant from, Instant to, Duration step) {
        var lines = new ArrayList<String>();
        for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
            lines.add(format.line(t, "[INFO] line at " + t));
        }
        return lines;
    }

    /** Writes the lines (each ended by a newline), creating folders, and sets the file's mtime. */
    public static Path write(Path file, Instant modified, List<String> lines) {
        return writeBytes(file, modified, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static Path writeBytes(Path file, Instant modified, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Files.setLastModifiedTime(file, FileTime.from(modified));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
