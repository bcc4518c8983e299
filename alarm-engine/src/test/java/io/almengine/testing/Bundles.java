package io.almengine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** A log bundle as a user unpacks it: every entry of the .tar.gz, in archive order. */
public record Bundles(Map<String, byte[]> entries) {

    public static Bundles read(Path tarGz) {
        try (InputStream in = Files.newInputStream(tarGz)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Bundles read(InputStream tarGz) {
        var entries = new LinkedHashMap<String, byte[]>();
        try (var tar = new TarArchiveInputStream(new GzipCompressorInputStream(tarGz))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), tar.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Bundles(entries);
    }

    public JsonNode manifest() {
        try {
            return Json.MAPPER.readTree(entries.get("manifest.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content of the file collected from {@code path} (its archive path is {@code files/<path>}). */
    public String file(Path path) {
        byte[] bytes = entries.get("files" + path);
        if (bytes == null) {
            throw new AssertionError("no " + path + " in the bundle: " + entries.keySet());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Everything in the archive as one text, to prove something is nowhere in it. */
    public String allText() {
        var all = new StringBuilder();
        entries.values().forEach(v -> all.append(new String(v, StandardCharsets.ISO_8859_1)).append('\n'));
        return all.toString();
    }
}
