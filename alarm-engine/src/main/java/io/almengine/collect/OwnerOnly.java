package io.almengine.collect;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Bundles hold log lines (user names, addresses, whatever secret the masking missed) read with
 * the engine's rights: they, their status and their folders are created readable by their owner
 * only, whatever the umask, never widened afterwards.
 */
final class OwnerOnly {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** Creates {@code folder} (and missing parents) owner-only; an existing one is made so. */
    static Path folder(Path folder) throws IOException {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(folder, FOLDER);
        return folder;
    }

    /** A new file, or an emptied one, owner-only from its first byte on. */
    static OutputStream newFile(Path file) throws IOException {
        Files.deleteIfExists(file); // an existing file would keep its permissions
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE);
        return Channels.newOutputStream(Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode));
    }

    static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = newFile(file)) {
            out.write(content);
        }
    }
}
