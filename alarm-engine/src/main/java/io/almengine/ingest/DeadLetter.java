package io.almengine.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record for {@code alm.dead-letters}: the key and value as they came, the producer's headers,
 * and the engine's headers saying why and from where.
 *
 * <p>It always fits in one produced record ({@link #MAX_BYTES}). The broker takes records the
 * engine's own producer cannot write back (a value just under the broker's 1 MiB limit, or a
 * gzip-compressed one of many MiB); under exactly-once a record that cannot be written fails the
 * whole transaction, so the stream thread died on it again after every restart. What does not fit
 * is cut, and the letter says so: {@value #TRUNCATED_HEADER} names what was cut,
 * {@value #ORIGINAL_SIZE_HEADER} and {@value #ORIGINAL_SHA256_HEADER} identify the value as it came.
 *
 * <p>The engine's headers come first, and a producer's headers named like them ({@code alm.*})
 * are kept as {@code producer.alm.*}, so the only {@value #REASON_HEADER} a tool finds is the engine's.
 */
public record DeadLetter(byte[] key, byte[] value, Headers headers) {

    public static final String REASON_HEADER = "alm.reason";
    public static final String ORIGIN_HEADER = "alm.origin";
    /** Set when anything was cut: what, e.g. {@code value: first 998400 of 2000000 bytes kept}. */
    public static final String TRUNCATED_HEADER = "alm.truncated";
    /** Set when anything was cut: the value's size in bytes as it came. */
    public static final String ORIGINAL_SIZE_HEADER = "alm.original-size";
    /** Set when anything was cut: the SHA-256 of the value as it came, in lower-case hex. */
    public static final String ORIGINAL_SHA256_HEADER = "alm.original-sha256";
    /** Header names the engine keeps for itself; a producer's are renamed with {@link #RENAMED_PREFIX}. */
    public static final String RESERVED_PREFIX = "alm.";
    public static final String RENAMED_PREFIX = "producer.";

    /**
     * The largest dead letter: key, value and headers. Below the producer's default
     * {@code max.request.size} (1 MiB, which the engine keeps) and the broker's default
     * {@code message.max.bytes} (1 MiB + 12), with room for the record and batch framing.
     */
    public static final int MAX_BYTES = 1_000_000;
    /** A key is a connection id or a host name; more than this is cut. */
    static final int MAX_KEY_BYTES = 64 * 1024;
    /** Producer headers beyond this (in all) are left out when the letter must be cut. */
    static final int MAX_PRODUCER_HEADER_BYTES = 64 * 1024;
    private static final int MAX_REASON_CHARS = 2_000;
    /** Per header: the varints of its name and value lengths and of the count, generously. */
    private static final int HEADER_FRAMING = 12;
    /** The record's own framing (length, attributes, timestamp and offset deltas, key and value lengths). */
    private static final int RECORD_FRAMING = 64;
    /** Room kept for the truncation headers before anything is cut. */
    private static final int TRUNCATION_HEADERS = 600;

    public DeadLetter {
        headers = new RecordHeaders(headers.toArray());
    }

    /** A letter of at most {@link #MAX_BYTES}. */
    public static DeadLetter of(byte[] key, byte[] value, Headers producerHeaders, String reason, String origin) {
        return of(key, value, producerHeaders, reason, origin, MAX_BYTES);
    }

    /**
     * @param key             the key as it came, or {@code null}
     * @param value           the value as it came, or {@code null} (a tombstone)
     * @param producerHeaders the headers as they came (may be empty)
     * @param reason          why it is a dead letter, for people
     * @param origin          where it came from, {@code topic/partition@offset}
     * @param maxBytes        the most the letter may take, key, value and headers
     */
    public static DeadLetter of(byte[] key, byte[] value, Headers producerHeaders, String reason, String origin,
                                int maxBytes) {
        var headers = new RecordHeaders();
        headers.add(REASON_HEADER, utf8(shortened(reason)));
        headers.add(ORIGIN_HEADER, utf8(origin));
        List<Header> renamed = new ArrayList<>();
        for (Header header : producerHeaders) {
            String name = header.key().startsWith(RESERVED_PREFIX) ? RENAMED_PREFIX + header.key() : header.key();
            renamed.add(new RecordHeader(name, header.value()));
        }
        int room = maxBytes - RECORD_FRAMING - size(headers);
        if (length(key) + size(renamed) + length(value) <= room) {
            renamed.forEach(headers::add);
            return new DeadLetter(key, value, headers);
        }

        room -= TRUNCATION_HEADERS;
        var cut = new ArrayList<String>();
        byte[] keptKey = key;
        if (length(key) > MAX_KEY_BYTES) {
            keptKey = Arrays.copyOf(key, MAX_KEY_BYTES);
            cut.add("key: first " + MAX_KEY_BYTES + " of " + key.length + " bytes kept");
        }
        room -= length(keptKey);
        int producerBytes = size(renamed);
        if (producerBytes > MAX_PRODUCER_HEADER_BYTES || producerBytes > room) {
            cut.add(renamed.size() + " producer headers (" + producerBytes + " bytes) left out");
            renamed.clear();
        }
        room -= size(renamed);
        byte[] keptValue = value;
        if (length(value) > room) {
            keptValue = Arrays.copyOf(value, Math.max(room, 0));
            cut.add("value: first " + keptValue.length + " of " + value.length + " bytes kept");
        }
        headers.add(TRUNCATED_HEADER, utf8(String.join("; ", cut)));
        if (value != null) {
            headers.add(ORIGINAL_SIZE_HEADER, utf8(Integer.toString(value.length)));
            headers.add(ORIGINAL_SHA256_HEADER, utf8(sha256(value)));
        }
        renamed.forEach(headers::add);
        return new DeadLetter(keptKey, keptValue, headers);
    }

    /** Key, value and headers in bytes, framing aside: what {@link #MAX_BYTES} bounds. */
    public int size() {
        return length(key) + length(value) + size(Arrays.asList(headers.toArray()));
    }

    /** The key as the String the engine's topology writes (a connection id or what a producer sent). */
    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    private static String shortened(String reason) {
        if (reason.length() <= MAX_REASON_CHARS) {
            return reason;
        }
        int end = reason.offsetByCodePoints(0, reason.codePointCount(0, MAX_REASON_CHARS));
        return reason.substring(0, end) + "… (" + reason.length() + " characters)";
    }

    private static int size(Headers headers) {
        return size(Arrays.asList(headers.toArray()));
    }

    private static int size(List<Header> headers) {
        int size = 0;
        for (Header header : headers) {
            size += utf8(header.key()).length + length(header.value()) + HEADER_FRAMING;
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
