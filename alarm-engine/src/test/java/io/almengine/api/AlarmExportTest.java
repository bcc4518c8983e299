package io.almengine.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.auth.Role;
import io.almengine.auth.TokenRecord;
import io.almengine.auth.TokenRegistry;
import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.view.AlarmView;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/alarms/export?format=csv}: the list's filters, a file Excel opens with Chinese
 * intact (UTF-8 with a BOM), Chinese headers with {@code lang=zh}, RFC 4180 quoting, formula
 * injection defused, and a large export streamed. Real Jetty on port 0 over a view filled directly.
 */
class AlarmExportTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int LARGE = 100_000;

    private static final AlarmView view = new AlarmView();
    private static HttpApi api;
    private static String viewer;

    @BeforeAll
    static void start() throws Exception {
        var registry = new TokenRegistry();
        viewer = TokenRegistry.newToken();
        registry.accept("viewer-1", Json.MAPPER.writeValueAsBytes(
                new TokenRecord("viewer-1", Role.VIEWER, TokenRegistry.sha256(viewer), Instant.now())));
        put(alarm(1, Severity.MAJOR, "hacluster", "10.0.0.1", "agent-1"));
        put(alarm(2, Severity.CRITICAL, "east", "10.0.0.2", "agent, \"two\"\nsecond line"));
        put(alarm(3, Severity.MAJOR, "east", "10.0.0.3", "=HYPERLINK(\"http://x\")").acknowledge(T0.plusSeconds(9), "ops"));
        put(alarm(4, Severity.MINOR, "west", "10.0.0.4", "agent-4").cleared(T0.plusSeconds(60), ClearType.AUTO,
                Alarm.ENGINE, null));
        for (int i = 0; i < LARGE; i++) {
            put(alarm(1_000_000 + i, Severity.WARNING, "bulk", "10.1." + (i / 250) + "." + (i % 250), "bulk-" + i));
        }
        api = new HttpApi("127.0.0.1", 0, new ApiParts(registry, null, view, null, null, null, null,
                Clock.systemUTC(), 1024, () -> null, null, null, null)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    private static Alarm alarm(long serial, Severity severity, String source, String clientIp, String clientName) {
        var params = new LinkedHashMap<String, String>();
        params.put("source", source);
        params.put("clientIp", clientIp);
        params.put("clientName", clientName);
        return Alarm.raise(serial, 24003, "Flume Client connection interrupted", "Flume Client连接中断", severity,
                T0.plusSeconds(serial % 1000), params, "conn-" + serial, null);
    }

    private static void put(Alarm a) {
        try {
            view.accept(Long.toString(a.serialNo()), Json.MAPPER.writeValueAsBytes(a));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> export(String query) {
        return ApiClient.at(api.port(), viewer).download("/api/alarms/export?" + query);
    }

    private static List<String> lines(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        assertArrayEquals(BOM, Arrays.copyOf(body, 3), "starts with a UTF-8 byte order mark");
        String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\r\n"), "CRLF rows");
        // Rows end at a CRLF outside quotes (a quoted cell may hold a line break).
        var rows = new java.util.ArrayList<String>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                rows.add(text.substring(start, i));
                start = i + 2;
                i++;
            }
        }
        return rows;
    }

    @Test
    void exportsTheListsFiltersAsCsvWithABomAndEnglishHeaders() {
        HttpResponse<byte[]> response = export("format=csv&source=east&sort=occurredAt&order=asc");

        assertEquals(200, response.statusCode());
        assertEquals("text/csv; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.headers().firstValue("Content-Disposition").orElse("")
                .matches("attachment; filename=\"alarms-\\d{8}-\\d{6}\\.csv\""), response.headers().toString());
        List<String> lines = lines(response);
        assertEquals("Serial No.,Alarm ID,Name,Severity,State,Occurred At (UTC),Cleared At (UTC),Clear Type,"
                + "Acknowledged,Count,Source,Client IP,Location Parameters", lines.get(0));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("2,ALM-24003,Flume Client connection interrupted,critical,active,"
                + "2026-11-20T08:00:02Z,,,no,1,east,10.0.0.2,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("3,ALM-24003,"), lines.get(2));
    }

    @Test
    void everyFilterOfTheListNarrowsTheExportAsItDoesTheList() {
        assertEquals(List.of("4"), serials(export("state=cleared")));
        assertEquals(List.of("3"), serials(export("acknowledged=true")));
        assertEquals(List.of("2"), serials(export("severity=critical")));
        assertEquals(List.of("1"), serials(export("clientIp=10.0.0.1")));
        assertEquals(List.of("4"), serials(export("state=all&clearType=auto")));
        assertEquals(List.of("3", "2"), serials(export("source=east&from=2026-11-20T08:00:02Z&to=2026-11-20T08:00:04Z")));
        assertEquals(List.of("2"), serials(export("q=second+line")));
        assertEquals(LARGE + 3, serials(export("alarmId=ALM-24003")).size());
    }

    @Test
    void chineseHeadersAndValuesWithLangZh() {
        List<String> lines = lines(export("format=csv&lang=zh&source=east&acknowledged=true"));

        assertEquals("流水号,告警ID,告警名称,级别,状态,产生时间 (UTC),清除时间 (UTC),清除类型,已确认,次数,来源,客户端IP,定位信息",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("3,ALM-24003,Flume Client连接中断,重要,未清除,"), lines.get(1));
        assertTrue(lines.get(1).contains(",是,1,east,"), lines.get(1));
    }

    @Test
    void quotesCommasQuotesAndLineBreaksAndDefusesFormulas() {
        List<String> two = lines(export("source=east&severity=critical"));
        assertTrue(two.get(1).endsWith(",\"source=east; clientIp=10.0.0.2; clientName=agent, \"\"two\"\"\nsecond line\""),
                two.get(1));

        List<String> three = lines(export("acknowledged=true"));
        assertTrue(three.get(1).endsWith(",\"source=east; clientIp=10.0.0.3; clientName==HYPERLINK(\"\"http://x\"\")\""),
                "inside a cell that starts otherwise, = is text: " + three.get(1));
        assertEquals("'=cmd", AlarmCsv.cell("=cmd"));
        assertEquals("'+1", AlarmCsv.cell("+1"));
        assertEquals("'-1", AlarmCsv.cell("-1"));
        assertEquals("'@SUM(A1)", AlarmCsv.cell("@SUM(A1)"));
        assertEquals("\"'=1,2\"", AlarmCsv.cell("=1,2"));
    }

    @Test
    void refusesAnUnknownFormatLanguageOrFilterNamingEach() {
        ApiClient.Answer answer = ApiClient.at(api.port(), viewer).get("/api/alarms/export?format=xlsx&lang=fr&limit=5");

        assertEquals(400, answer.status());
        assertTrue(answer.problems().stream().anyMatch(p -> p.startsWith("format: 'xlsx' is not csv")), answer.toString());
        assertTrue(answer.problems().stream().anyMatch(p -> p.startsWith("lang: 'fr' is not en or zh")), answer.toString());
        assertTrue(answer.problems().stream().anyMatch(p -> p.startsWith("limit: unknown parameter")), answer.toString());
        assertEquals(401, ApiClient.at(api.port(), null).download("/api/alarms/export").statusCode());
    }

    @Test
    void aLargeExportIsStreamedInChunksNotSentWithALengthKnownInAdvance() throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/alarms/export?source=bulk"))
                .header("Authorization", "Bearer " + viewer).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("Content-Length").isPresent(),
                "a length known in advance means the file was built before sending");
        long rows = 0;
        long bytes = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        rows++;
                    }
                }
            }
        }
        assertEquals(LARGE + 1, rows, "every bulk alarm and the header");
        assertTrue(bytes > 10_000_000, "a file of " + bytes + " bytes");
    }

    private static List<String> serials(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        List<String> lines = lines(response);
        return lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList();
    }
}
