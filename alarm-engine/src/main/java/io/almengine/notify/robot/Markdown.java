package io.almengine.notify.robot;

import io.almengine.notify.message.Digest;
import io.almengine.notify.message.Digest.Entry;
import io.almengine.notify.message.Language;
import io.almengine.notify.message.PlainText;
import java.nio.charset.StandardCharsets;

/**
 * A digest as the robots' markdown, within a byte limit: a few alarms in full, a storm one line per
 * alarm, and whole alarms kept while they fit, the rest said as "N more alarms" with a link to the
 * console's list, so a limit never cuts an alarm in half nor drops one silently.
 */
final class Markdown {

    private static final String ELLIPSIS = "…";

    private Markdown() {
    }

    /**
     * @param title whether the subject heads the text (DingTalk and WeCom show only the text; a
     *              Feishu card has its own header)
     */
    static String render(Digest digest, boolean title, int maxBytes) {
        Language language = digest.style().language();
        boolean detailed = digest.entries().size() <= PlainText.DETAILED_UP_TO;
        StringBuilder text = new StringBuilder();
        if (title) {
            text.append("### ").append(digest.subject()).append("\n\n");
        }
        String runbook = detailed ? null : digest.commonRunbook();
        String tail = runbook == null ? "" : "\n" + link(language.runbook, runbook) + "\n";
        // Room for the "N more alarms" line at its longest, so adding it never breaks the limit.
        int reserve = bytes(more(digest, digest.total())) + bytes(tail);
        int used = bytes(text.toString());
        int kept = 0;
        for (Entry entry : digest.entries()) {
            String block = detailed ? block(entry, language) : line(entry, language);
            int size = bytes(block);
            if (used + size + reserve > maxBytes) {
                if (kept == 0) {
                    // One alarm too big on its own (a huge parameter): its start, rather than nothing.
                    text.append(cut(block, maxBytes - used - reserve - 1)).append('\n');
                    kept++;
                }
                break;
            }
            text.append(block);
            used += size;
            kept++;
        }
        text.append(tail);
        int omitted = digest.total() - kept;
        if (omitted > 0) {
            text.append(more(digest, omitted));
        }
        return cut(text.toString(), maxBytes);
    }

    private static String block(Entry entry, Language language) {
        StringBuilder block = new StringBuilder();
        block.append("**[").append(entry.resolved() ? language.recovered : language.severityName(entry.severity()))
                .append("] ").append(entry.alertname()).append(' ').append(entry.name()).append("**\n\n");
        if (entry.resolved()) {
            block.append("- ").append(language.severity).append(": ").append(language.severityName(entry.severity())).append('\n');
        }
        block.append("- ").append(language.serial).append(": ").append(entry.serialNo()).append('\n');
        block.append("- ").append(language.occurred).append(": ").append(entry.occurredAt()).append('\n');
        if (entry.clearedAt() != null) {
            block.append("- ").append(language.cleared).append(": ").append(entry.clearedAt()).append('\n');
        }
        if (!entry.parameters().isEmpty()) {
            block.append("- ").append(language.parameters).append(": ").append(entry.parameterList()).append('\n');
        }
        String links = links(entry, language);
        if (!links.isEmpty()) {
            block.append("- ").append(links).append('\n');
        }
        return block.append('\n').toString();
    }

    private static String line(Entry entry, Language language) {
        StringBuilder line = new StringBuilder("- [");
        line.append(entry.resolved() ? language.recovered : language.severityName(entry.severity())).append("] ")
                .append(entry.alertname()).append(" #").append(entry.serialNo());
        if (!entry.parameters().isEmpty()) {
            line.append(' ').append(entry.parameterList());
        }
        if (entry.clearedAt() != null) {
            line.append(" · ").append(language.cleared).append(' ').append(entry.clearedAt());
        } else {
            line.append(" · ").append(language.occurred).append(' ').append(entry.occurredAt());
        }
        if (entry.alarmUrl() != null) {
            line.append(' ').append(link(language.alarm, entry.alarmUrl()));
        }
        return line.append('\n').toString();
    }

    private static String links(Entry entry, Language language) {
        StringBuilder links = new StringBuilder();
        if (entry.alarmUrl() != null) {
            links.append(link(language.alarm, entry.alarmUrl()));
        }
        if (entry.runbookUrl() != null) {
            links.append(links.isEmpty() ? "" : " | ").append(link(language.runbook, entry.runbookUrl()));
        }
        return links.toString();
    }

    private static String more(Digest digest, int count) {
        String words = digest.style().language().more(count);
        return "\n**" + (digest.listUrl() == null ? words : link(words, digest.listUrl())) + "**\n";
    }

    private static String link(String text, String url) {
        return "[" + text + "](" + url + ")";
    }

    /** At most {@code maxBytes} of UTF-8, cut between characters and marked with "…" when cut. */
    static String cut(String text, int maxBytes) {
        if (bytes(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - bytes(ELLIPSIS);
        int end = 0;
        int used = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = bytes(new String(Character.toChars(codePoint)));
            if (used + size > budget) {
                break;
            }
            used += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
