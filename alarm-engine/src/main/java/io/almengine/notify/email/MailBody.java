package io.almengine.notify.email;

import io.almengine.notify.message.Digest;
import io.almengine.notify.message.Digest.Entry;
import io.almengine.notify.message.Language;
import io.almengine.notify.message.PlainText;

/**
 * A digest as the two parts of an e-mail: plain text and HTML with the same content, a few alarms
 * in full and a storm one line per alarm, the alarms left out counted with a link to the list.
 */
final class MailBody {

    private MailBody() {
    }

    static String text(Digest digest) {
        return PlainText.render(digest, Integer.MAX_VALUE);
    }

    static String html(Digest digest) {
        Language language = digest.style().language();
        boolean detailed = digest.entries().size() <= PlainText.DETAILED_UP_TO;
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n");
        html.append("<h2>").append(escape(digest.subject())).append("</h2>\n");
        if (!detailed) {
            html.append("<ul>\n");
        }
        for (Entry entry : digest.entries()) {
            if (detailed) {
                html.append("<h3>").append(escape(PlainText.heading(entry, language))).append("</h3>\n<table>\n");
                for (String[] row : PlainText.rows(entry, language)) {
                    String value = row[1].startsWith("http") ? link(row[1], row[1]) : escape(row[1]);
                    html.append("<tr><th align=\"left\">").append(escape(row[0])).append("</th><td>")
                            .append(value).append("</td></tr>\n");
                }
                html.append("</table>\n");
            } else {
                html.append("<li>").append(entry.alarmUrl() == null
                        ? escape(PlainText.line(entry, language)) : link(entry.alarmUrl(), PlainText.line(entry, language))).append("</li>\n");
            }
        }
        if (!detailed) {
            html.append("</ul>\n");
        }
        if (digest.omitted() > 0) {
            String more = language.more(digest.omitted());
            html.append("<p><b>").append(digest.listUrl() == null ? escape(more) : link(digest.listUrl(), more))
                    .append("</b></p>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static String link(String url, String text) {
        return "<a href=\"" + escape(url) + "\">" + escape(text) + "</a>";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
