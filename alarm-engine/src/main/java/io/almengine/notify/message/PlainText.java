package io.almengine.notify.message;

import io.almengine.notify.message.Digest.Entry;
import java.nio.charset.StandardCharsets;

/**
 * A digest as plain text (an e-mail's text part, a Feishu text message), within a byte limit like
 * the robots' markdown: whole alarms while they fit, the rest said as "N more alarms" with the link.
 */
public final class PlainText {

    /** Up to this many alarms, each gets its own block; beyond, one line each. */
    public static final int DETAILED_UP_TO = 5;

    private PlainText() {
    }

    public static String render(Digest digest, int maxBytes) {
        Language language = digest.style().language();
        boolean detailed = digest.entries().size() <= DETAILED_UP_TO;
        StringBuilder text = new StringBuilder(digest.subject()).append("\n\n");
        int reserve = bytes(more(digest, digest.total()));
        int used = bytes(text.toString());
        int kept = 0;
        for (Entry entry : digest.entries()) {
            String block = detailed ? block(entry, language) : "- " + line(entry, language)
                    + (entry.alarmUrl() == null ? "" : "  " + entry.alarmUrl()) + "\n";
            int size = bytes(block);
            if (used + size + reserve > maxBytes) {
                break;
            }
            text.append(block);
            used += size;
            kept++;
        }
        int omitted = digest.total() - kept;
        if (omitted > 0) {
            text.append(more(digest, omitted));
        }
        return text.toString();
    }

    /** "[Major] ALM-24003 Flume Client connection interrupted", "[Recovered] …". */
    public static String heading(Entry entry, Language language) {
        return "[" + (entry.resolved() ? language.recovered : language.severityName(entry.severity())) + "] "
                + entry.alertname() + " " + entry.name();
    }

    /** One alarm of a storm: "[Major] ALM-24003 #1024 clientIp=…, source=… · Occurred 2026-…". */
    public static String line(Entry entry, Language language) {
        StringBuilder line = new StringBuilder("[")
                .append(entry.resolved() ? language.recovered : language.severityName(entry.severity())).append("] ")
                .append(entry.alertname()).append(" #").append(entry.serialNo());
        if (!entry.parameters().isEmpty()) {
            line.append(' ').append(entry.parameterList());
        }
        return line.append(" · ")
                .append(entry.clearedAt() != null ? language.cleared + " " + entry.clearedAt()
                        : language.occurred + " " + entry.occurredAt())
                .toString();
    }

    /** The label and value of each detail of an alarm, in the order people read them. */
    public static java.util.List<String[]> rows(Entry entry, Language language) {
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        rows.add(new String[] {language.severity, language.severityName(entry.severity())});
        rows.add(new String[] {language.serial, entry.serialNo()});
        rows.add(new String[] {language.occurred, entry.occurredAt()});
        if (entry.clearedAt() != null) {
            rows.add(new String[] {language.cleared, entry.clearedAt()});
        }
        if (!entry.parameters().isEmpty()) {
            rows.add(new String[] {language.parameters, entry.parameterList()});
        }
        if (entry.alarmUrl() != null) {
            rows.add(new String[] {language.alarm, entry.alarmUrl()});
        }
        if (entry.runbookUrl() != null) {
            rows.add(new String[] {language.runbook, entry.runbookUrl()});
        }
        return rows;
    }

    private static String block(Entry entry, Language language) {
        StringBuilder block = new StringBuilder(heading(entry, language)).append('\n');
        for (String[] row : rows(entry, language)) {
            block.append("  ").append(row[0]).append(": ").append(row[1]).append('\n');
        }
        return block.append('\n').toString();
    }

    private static String more(Digest digest, int count) {
        String words = digest.style().language().more(count);
        return "\n" + words + (digest.listUrl() == null ? "" : ": " + digest.listUrl()) + "\n";
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
