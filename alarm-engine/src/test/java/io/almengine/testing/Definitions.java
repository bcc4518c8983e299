package io.almengine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Copies of the shipped definitions with a shorter threshold, for tests that run in real time. */
public final class Definitions {

    private Definitions() {
    }

    /**
     * A copy of every shipped definition whose log globs point under {@code root} instead of {@code /}
     * ({@code /var/log/Bigdata/flume-client/**} becomes {@code ROOT/var/log/Bigdata/flume-client/**}),
     * so a test can put real log files where the definitions look.
     */
    public static Path withLogGlobsUnder(Path root) {
        try {
            Path dir = Files.createTempDirectory("alm-definitions");
            try (var files = Files.list(EngineHarness.repoFolder("alarm-definitions"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    String text = Files.readString(file);
                    String moved = text.replaceAll("(?m)^(\\s*glob: )/",
                            "$1" + java.util.regex.Matcher.quoteReplacement(root + "/"));
                    Files.writeString(dir.resolve(file.getFileName()), moved);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A definitions folder like the shipped one, with ALM-24003 raised after {@code raiseAfter}. */
    public static Path flumeWithRaiseAfter(Duration raiseAfter) {
        try {
            Path dir = Files.createTempDirectory("alm-definitions");
            String shipped = Files.readString(EngineHarness.repoFolder("alarm-definitions").resolve("ALM-24003.yaml"));
            String shortened = shipped.replaceFirst("(?m)^raiseAfter: PT3M", "raiseAfter: " + raiseAfter);
            if (shortened.equals(shipped)) {
                throw new IllegalStateException("the shipped definition no longer has 'raiseAfter: PT3M'");
            }
            Files.writeString(dir.resolve("ALM-24003.yaml"), shortened);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the shipped definitions folder with one file changed by {@code edit} (which must change it). */
    public static Path shippedWith(String file, java.util.function.UnaryOperator<String> edit) {
        try {
            Path dir = Files.createTempDirectory("alm-definitions");
            Path shipped = EngineHarness.repoFolder("alarm-definitions");
            try (var files = Files.list(shipped)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            String text = Files.readString(dir.resolve(file));
            String changed = edit.apply(text);
            if (changed.equals(text)) {
                throw new IllegalStateException("the edit did not change " + file);
            }
            Files.writeString(dir.resolve(file), changed);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
