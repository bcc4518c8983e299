package io.almengine.view;

/**
 * Which three-character sequences a text holds, folded into 256 bits: a text that contains
 * another holds all of its trigrams, so an alarm whose bits do not cover the search's cannot
 * match it, and the free-text search reads the text of the few that can. Computed once per alarm
 * change; a search shorter than three characters has no trigram and rules nothing out.
 */
record Trigrams(long a, long b, long c, long d) {

    static final Trigrams NONE = new Trigrams(0, 0, 0, 0);

    static Trigrams of(String text) {
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        for (int i = 0; i + 2 < text.length(); i++) {
            int h = (text.charAt(i) * 31 + text.charAt(i + 1)) * 31 + text.charAt(i + 2);
            h ^= h >>> 7;
            h *= 0x9E3779B1;
            int bit = (h >>> 24) & 255;
            long mask = 1L << (bit & 63);
            switch (bit >>> 6) {
                case 0 -> a |= mask;
                case 1 -> b |= mask;
                case 2 -> c |= mask;
                default -> d |= mask;
            }
        }
        return new Trigrams(a, b, c, d);
    }

    /** False when some trigram of {@code search} is missing here: then this text cannot contain it. */
    boolean mayContain(Trigrams search) {
        return (a & search.a) == search.a && (b & search.b) == search.b && (c & search.c) == search.c
                && (d & search.d) == search.d;
    }
}
