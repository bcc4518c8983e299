package io.almengine.ingest;

/**
 * Checks that bytes are UTF-8 as RFC 3629 defines it, which Jackson does not fully: it reads an
 * overlong {@code C0 80} as U+0000, a four-byte sequence beyond U+10FFFF as two lone surrogates,
 * and text with zero bytes as UTF-16 or UTF-32. The contract's text is UTF-8, and a zero byte is
 * never in UTF-8 JSON (it would be a raw control character), so it is refused here as well.
 */
final class Utf8Text {

    /** The first flaw: where it starts and what it is. */
    record Flaw(int offset, String what) {
    }

    private Utf8Text() {
    }

    /** The first flaw in {@code bytes}, or {@code null} when they are all well-formed UTF-8 without a NUL. */
    static Flaw firstFlaw(byte[] bytes) {
        int i = 0;
        int n = bytes.length;
        while (i < n) {
            int b = bytes[i] & 0xFF;
            if (b >= 0x01 && b < 0x80) {
                i++;
                continue;
            }
            if (b == 0) {
                return new Flaw(i, "a NUL byte, which UTF-8 JSON never holds: is the text UTF-16 or UTF-32?");
            }
            int length;
            int min = 0x80;
            int max = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                if (b == 0xE0) {
                    min = 0xA0;
                } else if (b == 0xED) {
                    max = 0x9F;
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                if (b == 0xF0) {
                    min = 0x90;
                } else if (b == 0xF4) {
                    max = 0x8F;
                }
            } else {
                return new Flaw(i, b < 0xC0 ? "byte " + hex(bytes, i, 1) + " continues a sequence that did not start"
                        : b < 0xC2 ? "bytes " + hex(bytes, i, 2) + " are an overlong encoding"
                        : "byte " + hex(bytes, i, 1) + " is never in UTF-8");
            }
            for (int k = 1; k < length; k++) {
                int c = i + k < n ? bytes[i + k] & 0xFF : -1;
                if (c < 0x80 || c > 0xBF) {
                    return new Flaw(i, "bytes " + hex(bytes, i, k) + " are a sequence cut short");
                }
                if (k == 1 && (c < min || c > max)) {
                    String kind = b == 0xED ? "a surrogate (U+" + Integer.toHexString(
                            ((b & 0x0F) << 12) | ((c & 0x3F) << 6) | (i + 2 < n ? bytes[i + 2] & 0x3F : 0))
                            .toUpperCase(java.util.Locale.ROOT) + "), which UTF-8 does not allow"
                            : b == 0xF4 ? "beyond U+10FFFF, the last character" : "an overlong encoding";
                    return new Flaw(i, "bytes " + hex(bytes, i, Math.min(length, n - i)) + " are " + kind);
                }
            }
            i += length;
        }
        return null;
    }

    /**
     * Why {@code text} has no UTF-8 form, or {@code null} when it has one: a surrogate that is not
     * half of a pair (JSON's {@code "\\ud800"} decodes to one). Written as UTF-8 it turns into
     * {@code ?}, so a Kafka key made of it is not the connection id read back from the value.
     */
    static String unicodeProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone surrogate " + escaped(c) + " at character " + i
                        + ", which is not a character: send text as valid UTF-8";
            }
        }
        return null;
    }

    /** {@code text} with every lone surrogate written as {@code \\uXXXX}, so that a message can show it. */
    static String shown(String text) {
        var out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? escaped(c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    private static String escaped(char c) {
        return String.format("\\u%04X", (int) c);
    }

    private static String hex(byte[] bytes, int from, int count) {
        var out = new StringBuilder();
        for (int k = from; k < from + count && k < bytes.length; k++) {
            out.append(out.isEmpty() ? "" : " ").append(String.format("%02X", bytes[k] & 0xFF));
        }
        return out.toString();
    }
}
