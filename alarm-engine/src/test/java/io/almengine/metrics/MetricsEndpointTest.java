package io.almengine.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.api.ApiClient;
import io.almengine.model.Alarm;
import io.almengine.model.AlarmState;
import io.almengine.model.Severity;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.Needs;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} on a real engine, scraped over HTTP as Prometheus does: no token, the text
 * format, the contract's names with the values of what happened, no alarm parameter anywhere, and
 * {@code promtool check metrics} finds nothing to say.
 */
class MetricsEndpointTest {

    @RegisterExtension
    static final EngineHarness harness = new EngineHarness();

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void countsWhatHappenedUnderTheContractsNamesWithoutAToken() {
        FlumeLink link = FlumeLink.fresh();
        Alarm alarm = harness.raiseAtFreshHour(link);
        harness.sendRaw("not-an-event", "{\"type\":".getBytes(StandardCharsets.UTF_8));
        ApiClient admin = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        assertEquals(200, admin.post("/api/alarms/" + alarm.serialNo() + "/ack", "{}").status());
        EngineHarness.awaitEngine().until(() -> harness.engine().stats().rejectedEvents() == 1);

        HttpResponse<byte[]> scrape = ApiClient.at(harness.engine().httpPort(), null).download("/metrics");

        assertEquals(200, scrape.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                scrape.headers().firstValue("Content-Type").orElse(""));
        String text = new String(scrape.body(), StandardCharsets.UTF_8);
        Map<String, Double> series = parse(text);
        // The tests share one engine: what the view holds now, at least this test's alarm.
        double activeMajor = harness.engine().alarms().count(AlarmState.ACTIVE, Severity.MAJOR);
        assertTrue(activeMajor >= 1);
        assertEquals(activeMajor, series.get("alm_alarms{severity=\"major\",state=\"active\"}"), text);
        assertEquals(0.0, series.get("alm_alarms{severity=\"critical\",state=\"active\"}"), text);
        assertTrue(series.containsKey("alm_alarms{severity=\"warning\",state=\"cleared\"}"), text);
        assertEquals((double) harness.engine().stats().eventsApplied(),
                series.get("alm_events_total{result=\"applied\"}"), 0.0, text);
        assertEquals(1.0, series.get("alm_events_total{result=\"rejected\"}"), text);
        assertEquals(1.0, series.get("alm_dead_letters_total{reason=\"invalid_event\"}"), text);
        assertEquals(0.0, series.get("alm_dead_letters_total{reason=\"record_failed\"}"), text);
        assertEquals(0.0, series.get("alm_record_errors_total"), text);
        assertTrue(series.get("alm_rule_evaluations_total") >= 1, text);
        assertEquals(1.0, series.get("alm_command_latency_seconds_count{action=\"ack\",outcome=\"applied\"}"), text);
        assertTrue(series.containsKey("alm_command_latency_seconds_bucket{action=\"ack\",le=\"+Inf\",outcome=\"applied\"}"),
                "latency is a histogram: " + text);
        assertTrue(series.containsKey("alm_deadline_sweep_lag_seconds"), text);
        assertTrue(series.containsKey("alm_consumer_lag_records"), text);
        assertEquals(1.0, series.get("alm_pipeline_up"), text);
        assertEquals(1.0, series.get("alm_config_last_reload_successful"), text);
        assertEquals((double) EngineHarness.T0.getEpochSecond(),
                series.get("alm_config_last_reload_success_timestamp_seconds"), text);
        assertEquals(1.0, series.get("alm_config_info{hash=\"" + harness.engine().health().details().get("configHash")
                + "\"}"), text);
        assertEquals(0.0, series.get("alm_silences{state=\"active\"}"), text);
        assertTrue(series.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), text);
        assertTrue(series.keySet().stream().anyMatch(k -> k.startsWith("kafka_stream_")), "Kafka Streams' own: " + text);
        assertFalse(text.contains(link.clientIp()), "counts only: no alarm parameter is a label");
    }

    @Test
    void theScrapePassesPromtoolCheckMetrics() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Needs.tool(Files.isExecutable(promtool), "promtool (Debian package prometheus; .ci/run installs it)");
        harness.raiseAtFreshHour(FlumeLink.fresh());
        byte[] scrape = ApiClient.at(harness.engine().httpPort(), null).download("/metrics").body();

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape);
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), said);
        assertEquals("", said.strip(), "promtool's lint finds nothing");
    }

    /** Every sample, keyed by name and labels in name order ({@code name{a="1",b="2"}}). */
    static Map<String, Double> parse(String text) {
        var series = new TreeMap<String, Double>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            var labels = new TreeMap<String, String>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            List<String> parts = new ArrayList<>();
            labels.forEach((k, v) -> parts.add(k + "=\"" + v + "\""));
            String key = m.group(1) + (parts.isEmpty() ? "" : "{" + String.join(",", parts) + "}");
            series.put(key, Double.parseDouble(m.group(4).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return series;
    }
}
