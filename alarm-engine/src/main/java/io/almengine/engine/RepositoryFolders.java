package io.almengine.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's data folders when no option names them: the working directory if it
 * holds {@code alarm-definitions/}, else the checkout the jar was built in
 * ({@code alarm-engine/target/alarm-engine.jar} → three levels up).
 */
final class RepositoryFolders {

    private RepositoryFolders() {
    }

    static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isDirectory(cwd.resolve("alarm-definitions"))) {
            return cwd;
        }
        try {
            Path code = Path.of(RepositoryFolders.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("alarm-definitions"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the working directory; the loader names the folder it did not find.
        }
        return cwd;
    }
}
