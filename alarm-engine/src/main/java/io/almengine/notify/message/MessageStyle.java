package io.almengine.notify.message;

import io.almengine.notify.InvalidReceiverException;
import io.almengine.notify.ReceiverSpec;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How one receiver's messages read: its {@code language} (en, the default, or zh) and the
 * {@code timeZone} its times are shown in (an IANA name such as Asia/Shanghai; UTC by default),
 * always named after each time so no one has to guess it.
 */
public record MessageStyle(Language language, ZoneId zone) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static MessageStyle of(ReceiverSpec spec) {
        Language language = Language.of(spec);
        String zone = spec.optional("timeZone", DEFAULT_ZONE.getId());
        try {
            return new MessageStyle(language, ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new InvalidReceiverException("timeZone", "'" + zone + "' is not a time zone (e.g. UTC, Asia/Shanghai)");
        }
    }

    /** "2026-12-04 21:47:33 UTC", "2026-12-05 05:47:33 Asia/Shanghai". */
    public String time(Instant instant) {
        return TIME.format(instant.atZone(zone)) + " " + zone.getId();
    }
}
