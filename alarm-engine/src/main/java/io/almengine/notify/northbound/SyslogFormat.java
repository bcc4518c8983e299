package io.almengine.notify.northbound;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two syslog message formats an NMS takes: RFC 5424 (the default) and the older BSD RFC 3164. */
enum SyslogFormat {

    RFC5424, RFC3164;

    static final String APP_NAME = "alm-engine";
    static final String NILVALUE = "-";

    /** RFC 5424 6.2.3: full date and time, at most six fraction digits, here milliseconds in UTC. */
    private static final DateTimeFormatter RFC5424_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT).withZone(ZoneOffset.UTC);
    /** RFC 3164 4.1.2: "Mmm dd hh:mm:ss", the day padded with a space ("Dec  4"), local time. */
    private static final DateTimeFormatter RFC3164_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    /** RFC 5424 6.4: a UTF-8 MSG starts with a BOM, so the receiver knows it is not some other encoding. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * One message.
     *
     * @param zone RFC 3164's timestamp carries no zone: it is written in this one (RFC 5424's in UTC)
     * @param structuredData RFC 5424's SD element(s), or {@code null} for none (RFC 3164 has no place for it)
     */
    byte[] render(int pri, Instant time, ZoneId zone, String hostname, long procId, String msgId,
                  String structuredData, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String header = switch (this) {
            case RFC5424 -> "<" + pri + ">1 " + RFC5424_TIME.format(time) + " " + header(hostname, 255) + " "
                    + APP_NAME + " " + procId + " " + header(msgId, 32) + " "
                    + (structuredData == null ? NILVALUE : structuredData) + " ";
            // TAG[pid]: as syslog(3) writes it, so a 3164 parser finds the program and process.
            case RFC3164 -> "<" + pri + ">" + RFC3164_TIME.format(time.atZone(zone)) + " "
                    + header(hostname, 255) + " " + APP_NAME + "[" + procId + "]: ";
        };
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        boolean bom = this == RFC5424 && !text.chars().allMatch(c -> c < 0x80);
        byte[] message = new byte[head.length + (bom ? BOM.length : 0) + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        if (bom) {
            System.arraycopy(BOM, 0, message, head.length, BOM.length);
        }
        System.arraycopy(body, 0, message, message.length - body.length, body.length);
        return message;
    }

    /** A header field is printable US-ASCII without spaces, within its length; otherwise NILVALUE. */
    static String header(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength
                || !value.chars().allMatch(c -> c >= 33 && c <= 126)) {
            return NILVALUE;
        }
        return value;
    }

    /** RFC 5424 6.3.3: inside a PARAM-VALUE, '"', '\' and ']' are escaped with '\'. */
    static String paramValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}
