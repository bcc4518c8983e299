package io.almengine.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut for common instants means exactly what {@link OffsetDateTime#parse} means, or steps aside. */
class IsoInstantsTest {

    @Test
    void agreesWithTheIsoParserOnEveryStringItAccepts() {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            String text = randomInstantText(random);
            Instant quick = IsoInstants.parseCommon(text);
            Instant iso = isoOrNull(text);
            if (quick != null) {
                assertEquals(iso, quick, text);
            }
        }
    }

    @Test
    void readsTheShapesProducersSend() {
        for (String text : List.of("2026-11-20T08:00:00Z", "2026-11-20T08:00:00.1Z", "2026-11-20T08:00:00.123456Z",
                "2026-11-20T08:00:00.123456789Z", "2026-11-20T16:00:00+08:00", "2026-11-20T03:00:00.5-05:00",
                "2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z")) {
            assertEquals(OffsetDateTime.parse(text).toInstant(), IsoInstants.parseCommon(text), text);
        }
    }

    @Test
    void leavesEverythingElseToTheIsoParser() {
        for (String text : List.of("2026-11-20T08:00Z", "2026-11-20t08:00:00z", "2026-11-20T08:00:00",
                "2026-02-30T08:00:00Z", "2025-02-29T08:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T08:60:00Z",
                "2026-11-20T08:00:00.Z", "2026-11-20T08:00:00.1234567890Z", "2026-11-20T08:00:00+18:30",
                "2026-11-20T08:00:00+0800", "+12026-11-20T08:00:00Z", "2026-1-20T08:00:00Z", "yesterday", "")) {
            assertNull(IsoInstants.parseCommon(text), text);
        }
    }

    private static Instant isoOrNull(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String randomInstantText(Random r) {
        String fraction = switch (r.nextInt(4)) {
            case 0 -> "";
            case 1 -> "." + digits(r, 1 + r.nextInt(9));
            case 2 -> "." + digits(r, 3);
            default -> "." + digits(r, 1 + r.nextInt(11));
        };
        String offset = switch (r.nextInt(4)) {
            case 0, 1 -> "Z";
            case 2 -> String.format("%s%02d:%02d", r.nextBoolean() ? "+" : "-", r.nextInt(20), r.nextInt(62));
            default -> "";
        };
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", r.nextInt(3000), r.nextInt(14), r.nextInt(33),
                r.nextInt(26), r.nextInt(62), r.nextInt(62), fraction, offset);
    }

    private static String digits(Random r, int count) {
        var s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + r.nextInt(10)));
        }
        return s.toString();
    }
}
