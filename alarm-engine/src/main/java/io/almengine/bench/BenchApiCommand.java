package io.almengine.bench;

import io.almengine.api.ApiParts;
import io.almengine.api.HttpApi;
import io.almengine.auth.Role;
import io.almengine.auth.TokenRecord;
import io.almengine.auth.TokenRegistry;
import io.almengine.engine.EngineConfig;
import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.model.Severity;
import io.almengine.view.AlarmView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench-api}: how fast the API serves the first page of the alarm list when the fleet has
 * many active alarms. By default it fills an alarm view the way the engine's mirror of
 * {@code alm.alarms} does (JSON records) and serves it with the real HTTP API in this process, so
 * the figure is the API's and not Kafka's; {@code --url} measures a running engine instead.
 * Requests are sequential over one keep-alive connection; the last line is one JSON object.
 */
@Command(name = "bench-api", mixinStandardHelpOptions = true,
        description = "Measure GET /api/alarms (first page) with many active alarms; prints p50/p99 as JSON.")
public final class BenchApiCommand implements Callable<Integer> {

    @Option(names = "--alarms", description = "active alarms to load (default: ${DEFAULT-VALUE})")
    int alarms = 100_000;

    @Option(names = "--requests", description = "measured requests per query (default: ${DEFAULT-VALUE})")
    int requests = 1_000;

    @Option(names = "--warmup", description = "requests per query before measuring (default: ${DEFAULT-VALUE})")
    int warmup = 300;

    @Option(names = "--churn", description = "alarm changes per second applied while measuring (default: ${DEFAULT-VALUE})")
    int churn = 0;

    @Option(names = "--url", description = "measure this running engine instead (its alarms as they are)")
    String url;

    @Option(names = "--token-file", description = "token for --url")
    Path tokenFile;

    /** The queries measured: the first is the figure of record (the list as operators open it). */
    private static final Map<String, String> QUERIES = queries();

    private static Map<String, String> queries() {
        var q = new LinkedHashMap<String, String>();
        q.put("firstPage", "/api/alarms");
        q.put("consoleFirstPage", "/api/alarms?state=active&sort=occurredAt&order=desc&limit=50&offset=0");
        q.put("bySeverityFirstPage", "/api/alarms?sort=severity&order=desc&limit=50");
        q.put("filteredBySourceFirstPage", "/api/alarms?source=cluster-7&limit=50");
        q.put("freeTextFirstPage", "/api/alarms?q=rack-42&limit=50");
        return q;
    }

    @Override
    public Integer call() throws Exception {
        String base;
        String token;
        HttpApi api = null;
        AlarmView view = null;
        if (url != null) {
            if (tokenFile == null) {
                System.err.println("--url needs --token-file");
                return 2;
            }
            base = url.replaceAll("/+$", "");
            token = Files.readString(tokenFile).trim();
        } else {
            view = new AlarmView();
            long t0 = System.nanoTime();
            fill(view, alarms);
            System.out.printf("loaded %d active alarms into the view in %d ms%n", view.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            var tokens = new TokenRegistry();
            token = TokenRegistry.newToken();
            tokens.accept("bench", Json.MAPPER.writeValueAsBytes(new TokenRecord("bench", Role.VIEWER,
                    TokenRegistry.sha256(token), Instant.now())));
            EngineConfig defaults = EngineConfig.defaults();
            api = new HttpApi("127.0.0.1", 0, new ApiParts(tokens, null, view, null, null, null, null,
                    Clock.systemUTC(), defaults.maxBodyBytes(), () -> new HttpApi.Health(true, Map.of()),
                    null, null, null)).start();
            base = "http://127.0.0.1:" + api.port();
        }
        var churner = Executors.newSingleThreadScheduledExecutor();
        try {
            if (churn > 0 && view != null) {
                AlarmView target = view;
                var random = new Random(7);
                churner.scheduleAtFixedRate(() -> {
                    long serial = (random.nextInt(alarms) + 1) * 1000L + 1;
                    target.get(serial).ifPresent(a -> accept(target, a.acknowledged()
                            ? a.unacknowledge(Instant.now(), "bench") : a.acknowledge(Instant.now(), "bench")));
                }, 0, Math.max(1, 1_000_000 / churn), TimeUnit.MICROSECONDS);
            }
            var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            var results = new LinkedHashMap<String, Object>();
            results.put("alarms", view == null ? null : view.size());
            results.put("requests", requests);
            results.put("churnPerSec", churn);
            var perQuery = new LinkedHashMap<String, Object>();
            for (var q : QUERIES.entrySet()) {
                double[] ms = measure(http, base + q.getValue(), token);
                var figures = new LinkedHashMap<String, Object>();
                figures.put("path", q.getValue());
                figures.put("p50Ms", round(percentile(ms, 50)));
                figures.put("p99Ms", round(percentile(ms, 99)));
                figures.put("maxMs", round(ms[ms.length - 1]));
                perQuery.put(q.getKey(), figures);
                System.out.printf("%-26s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms   %s%n", q.getKey(),
                        percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1], q.getValue());
                if (q.getKey().equals("firstPage")) {
                    results.put("firstPageP50Ms", round(percentile(ms, 50)));
                    results.put("firstPageP99Ms", round(percentile(ms, 99)));
                }
            }
            results.put("queries", perQuery);
            System.out.println(Json.MAPPER.writeValueAsString(results));
            return 0;
        } finally {
            churner.shutdownNow();
            if (api != null) {
                api.close();
            }
        }
    }

    /** Sorted latencies in milliseconds of {@link #requests} GETs after {@link #warmup} unmeasured ones. */
    private double[] measure(HttpClient http, String uri, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
        for (int i = 0; i < warmup; i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), uri);
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = (System.nanoTime() - t) / 1e6;
            check(response, uri);
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void check(HttpResponse<byte[]> response, String uri) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code n} active alarms of a fleet of 20 clusters, every severity, over the last day. */
    static void fill(AlarmView view, int n) {
        var random = new Random(42);
        Instant now = Instant.parse("2026-11-20T08:00:00Z");
        Severity[] severities = Severity.values();
        for (int i = 1; i <= n; i++) {
            String source = "cluster-" + (i % 20);
            var params = new LinkedHashMap<String, String>();
            params.put("source", source);
            params.put("clientIp", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            params.put("clientName", "agent-" + i);
            params.put("sinkName", "avro_sink");
            params.put("serverHost", "192.168.10." + (i % 7 + 1));
            params.put("serverPort", "21154");
            params.put("rack", "rack-" + (i % 97));
            Alarm alarm = Alarm.raise(i * 1000L + 1, 24003 + random.nextInt(3), "Flume Client connection interrupted",
                    "Flume Client连接中断", severities[random.nextInt(severities.length)],
                    now.minusMillis(random.nextInt(86_400_000)), params,
                    source + "|flume|192.168.10.5:21154|" + params.get("clientIp") + "|agent-" + i + "|avro_sink", null);
            accept(view, alarm);
        }
    }

    private static void accept(AlarmView view, Alarm alarm) {
        try {
            view.accept(Long.toString(alarm.serialNo()), Json.MAPPER.writeValueAsBytes(alarm));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }
}
