package io.almengine.api;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmCode;
import io.almengine.model.AlarmState;
import io.almengine.model.ClearType;
import io.almengine.model.Severity;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The alarm list as CSV for a spreadsheet (RFC 4180, CRLF), written row by row as it goes out:
 * UTF-8 with a byte order mark so Excel reads Chinese as Chinese, headers and the values an
 * operator reads (severity, state, clear type, yes/no) in English or Chinese. A cell that a
 * spreadsheet would take for a formula ({@code = + - @}, tab, CR at its start) is prefixed with
 * {@code '}: parameter values come from the fleet's events, and a cell must never run as code on
 * the operator's machine.
 */
final class AlarmCsv {

    enum Lang {
        EN, ZH;

        static Lang fromWire(String value) {
            return switch (value) {
                case "en" -> EN;
                case "zh" -> ZH;
                default -> throw new IllegalArgumentException("'" + value + "' is not en or zh");
            };
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final List<String> HEADERS_EN = List.of("Serial No.", "Alarm ID", "Name", "Severity", "State",
            "Occurred At (UTC)", "Cleared At (UTC)", "Clear Type", "Acknowledged", "Count", "Source", "Client IP",
            "Location Parameters");
    private static final List<String> HEADERS_ZH = List.of("流水号", "告警ID", "告警名称", "级别", "状态",
            "产生时间 (UTC)", "清除时间 (UTC)", "清除类型", "已确认", "次数", "来源", "客户端IP", "定位信息");
    private static final Map<Severity, String> SEVERITY_ZH = Map.of(Severity.CRITICAL, "紧急", Severity.MAJOR, "重要",
            Severity.MINOR, "次要", Severity.WARNING, "提示");
    private static final Map<ClearType, String> CLEAR_TYPE_ZH = Map.of(ClearType.AUTO, "自动清除",
            ClearType.MANUAL, "手动清除", ClearType.RETRACTED, "撤销（非故障）");

    private AlarmCsv() {
    }

    static void write(Iterable<Alarm> alarms, Lang lang, OutputStream out) throws IOException {
        out.write(BOM);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        row(writer, lang == Lang.ZH ? HEADERS_ZH : HEADERS_EN);
        for (Alarm alarm : alarms) {
            row(writer, cells(alarm, lang));
        }
        writer.flush();
    }

    static List<String> cells(Alarm a, Lang lang) {
        boolean zh = lang == Lang.ZH;
        String params = a.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("; "));
        return java.util.Arrays.asList(
                Long.toString(a.serialNo()),
                AlarmCode.of(a.alarmId()).toString(),
                zh && a.nameZh() != null ? a.nameZh() : a.name(),
                zh ? SEVERITY_ZH.get(a.severity()) : a.severity().wireName(),
                zh ? (a.state() == AlarmState.ACTIVE ? "未清除" : "已清除") : a.state().wireName(),
                a.occurredAt() == null ? "" : a.occurredAt().toString(),
                a.clearedAt() == null ? "" : a.clearedAt().toString(),
                a.clearType() == null ? "" : zh ? CLEAR_TYPE_ZH.get(a.clearType()) : a.clearType().wireName(),
                zh ? (a.acknowledged() ? "是" : "否") : (a.acknowledged() ? "yes" : "no"),
                Integer.toString(a.count()),
                a.params().getOrDefault("source", ""),
                a.params().getOrDefault("clientIp", ""),
                params);
    }

    private static void row(Writer writer, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(cell(cells.get(i)));
        }
        writer.write("\r\n");
    }

    /** One cell: formula-looking text defused, quoted when it holds a comma, quote, line break or edge space. */
    static String cell(String value) {
        String text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || (!text.isEmpty() && (text.charAt(0) == ' '
                || text.charAt(text.length() - 1) == ' '));
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
