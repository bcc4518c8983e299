package io.almengine.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * This instance's stable identity, kept in its data directory ({@value #FILE}) so that a restart,
 * however abrupt the stop before it, is recognised as the same instance: it takes its own place in
 * the consumer group back at once (Kafka's static membership), and its HTTP publisher's
 * transactional id fences and aborts what the killed one left open. Two running instances must
 * never share one: a copied data directory must not keep the file.
 */
final class InstanceId {

    static final String FILE = "instance.id";
    private static final Pattern VALID = Pattern.compile("[0-9a-f-]{36}");

    private InstanceId() {
    }

    /** The id in {@code dataDir}, made on the first start (or when the file was lost or torn). */
    static String of(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (VALID.matcher(id).matches()) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        // Written aside and moved in, so a kill while writing leaves no half id behind.
        Path partial = dataDir.resolve(FILE + ".partial");
        Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
