package io.almengine.api;

import java.nio.file.Path;

/** A {@link Reply} body that is a file sent as it is (a log bundle), not JSON. */
public record Download(Path file, String contentType, String fileName) {
}
