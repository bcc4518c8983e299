package io.almengine.probe;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the probe keeps over a restart, in its state file: the client links it knows (so a client
 * that left while the probe was down is reported) and the transitions it had not yet delivered
 * (sent first after the restart, with their true times). Written whole to a temporary file and
 * renamed over the old one, so a crash leaves either the old or the new state, never half.
 */
public record ProbeState(Instant savedAt, List<ConnectionEvent> links, List<ConnectionEvent> unsent) {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeState.class);

    public ProbeState {
        links = links == null ? List.of() : List.copyOf(links);
        unsent = unsent == null ? List.of() : List.copyOf(unsent);
    }

    public static ProbeState empty() {
        return new ProbeState(null, List.of(), List.of());
    }

    /** The saved state, or an empty one when there is no file (first start) or it cannot be read. */
    public static ProbeState read(Path file) {
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), ProbeState.class);
        } catch (IOException e) {
            LOG.warn("state file {} cannot be read ({}); starting without it", file, e.getMessage());
            return empty();
        }
    }

    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Json.MAPPER.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
