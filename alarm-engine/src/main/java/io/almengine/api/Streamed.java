package io.almengine.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A {@link Reply} body written straight to the response as it is produced (metrics, an export of
 * every matching alarm), not built in memory first nor written as JSON. {@code fileName}: sent as
 * an attachment under that name, or {@code null}.
 */
public record Streamed(String contentType, String fileName, Writer writer) {

    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }
}
