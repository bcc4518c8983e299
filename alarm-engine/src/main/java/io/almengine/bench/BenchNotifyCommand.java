package io.almengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.almengine.engine.Engine;
import io.almengine.engine.EngineConfig;
import io.almengine.kafka.EmbeddedBroker;
import io.almengine.model.Alarm;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.EventType;
import io.almengine.model.Json;
import io.almengine.pipeline.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast an alarm reaches a receiver, and what a storm does to a rate-limited one. The engine
 * runs with its embedded broker and a notifications.yaml of two local webhooks: each alarm of the
 * latency phase is its own group (alarm change → message received, less {@code groupWait}; a
 * receiver takes one message at a time, in order, so alarms come one every {@code --interval}); the
 * storm's alarms all disconnect in the same second and go to a receiver limited like a DingTalk
 * robot (20 messages a minute), which must stay within it and name every alarm. The group interval
 * is 10 s instead of 5 minutes, so a storm that grows after its first message is named within the run.
 */
@Command(name = "bench-notify", mixinStandardHelpOptions = true,
        description = "Measures notification latency and a storm against a rate-limited receiver (local webhooks).")
public final class BenchNotifyCommand implements Callable<Integer> {

    @Option(names = "--alarms", description = "alarms timed one by one (default: ${DEFAULT-VALUE})")
    int alarms = 100;

    @Option(names = "--interval", description = "time between two alarms of the latency phase, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration interval = Duration.ofMillis(500);

    @Option(names = "--storm", description = "alarms raised in the same second (default: ${DEFAULT-VALUE})")
    int storm = 10_000;

    @Option(names = "--storm-per-minute", description = "the storm receiver's limit (default: ${DEFAULT-VALUE}, DingTalk's)")
    int stormPerMinute = 20;

    @Option(names = "--group-wait", description = "groupWait of both routes, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration groupWait = Duration.ofSeconds(1);

    @Option(names = "--storm-timeout", description = "how long the storm may take to be named in full (default: ${DEFAULT-VALUE})")
    Duration stormTimeout = Duration.ofMinutes(4);

    /** A message as the local webhook took it: when, and the serial numbers it named. */
    private record Taken(long atNanos, List<Long> serials) {
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("alm-bench-notify");
        var latency = new CopyOnWriteArrayList<Taken>();
        var stormTaken = new CopyOnWriteArrayList<Taken>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/latency", ex -> take(ex, latency));
        hook.createContext("/storm", ex -> take(ex, stormTaken));
        hook.start();
        String base = "http://127.0.0.1:" + hook.getAddress().getPort();
        Path file = work.resolve("notifications.yaml");
        Files.writeString(file, """
                receivers:
                  - name: latency
                    webhook: {url: "%s/latency"}
                  - name: storm
                    webhook: {url: "%s/storm", perMinute: %d}
                route:
                  receiver: latency
                  groupBy: [serialNo]
                  groupWait: %s
                  groupInterval: PT10S
                  routes:
                    - matchers: ['source="storm"']
                      receiver: storm
                      groupBy: [source]
                      groupWait: %s
                """.formatted(base, base, stormPerMinute, groupWait, groupWait));
        var raisedAt = new ConcurrentHashMap<Long, Long>();
        try (EmbeddedBroker broker = EmbeddedBroker.start(work.resolve("broker"), 0)) {
            EngineConfig defaults = EngineConfig.defaults();
            EngineConfig config = defaults.toBuilder().httpPort(0).dataDir(work.resolve("engine"))
                    .kafkaBootstrap(broker.bootstrap()).allowedLateness(Duration.ZERO)
                    .notifications(defaults.notifications().withFile(file, true)).build();
            try (Engine engine = Engine.start(config);
                 var producer = producer(broker.bootstrap())) {
                engine.alarms().onChange(a -> {
                    if (a.active()) {
                        raisedAt.putIfAbsent(a.serialNo(), System.nanoTime());
                    }
                });
                Topics topics = config.topics();
                System.out.printf("latency phase: %d alarms, one every %s, one group each, groupWait %s%n", alarms,
                        interval, groupWait);
                for (int i = 0; i < alarms; i++) {
                    send(producer, topics, "latency", i);
                    producer.flush();
                    Thread.sleep(interval.toMillis());
                }
                List<Double> ms = awaitLatencies(latency, raisedAt, alarms);

                System.out.printf("storm: %d alarms in one second to a receiver of %d messages a minute%n", storm,
                        stormPerMinute);
                long stormStart = System.nanoTime();
                for (int i = 0; i < storm; i++) {
                    send(producer, topics, "storm", i);
                }
                producer.flush();
                Set<Long> named = awaitStorm(stormTaken, storm, stormTimeout);
                double stormSeconds = (System.nanoTime() - stormStart) / 1e9;

                var out = new LinkedHashMap<String, Object>();
                out.put("alarms", alarms);
                out.put("groupWaitMs", groupWait.toMillis());
                out.put("notificationLatencyP50Ms", round(percentile(ms, 50)));
                out.put("notificationLatencyP99Ms", round(percentile(ms, 99)));
                out.put("notificationLatencyMaxMs", round(ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1)));
                out.put("latencyMessagesLost", alarms - ms.size());
                out.put("stormAlarms", storm);
                out.put("stormMessages", stormTaken.size());
                out.put("stormLimitPerMinute", stormPerMinute);
                out.put("stormMaxMessagesInAnyMinute", maxInAnyMinute(stormTaken));
                out.put("stormAlarmsNamed", named.size());
                out.put("stormAlarmsLost", storm - named.size());
                out.put("stormSecondsUntilAllNamed", round(stormSeconds));
                System.out.println(Json.MAPPER.writeValueAsString(out));
                return storm == named.size() && ms.size() == alarms ? 0 : 1;
            }
        } finally {
            hook.stop(0);
        }
    }

    private static void take(com.sun.net.httpserver.HttpExchange ex, List<Taken> into) throws IOException {
        long at = System.nanoTime();
        JsonNode body = Json.MAPPER.readTree(ex.getRequestBody());
        var serials = new ArrayList<Long>();
        body.path("alerts").forEach(a -> serials.add(a.path("labels").path("serialNo").asLong()));
        into.add(new Taken(at, serials));
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, String source, int i)
            throws IOException {
        // Down for longer than any shipped threshold already: raised at the next sweep.
        var event = new ConnectionEvent(EventType.DISCONNECTED, Instant.now().minus(Duration.ofMinutes(10)), "flume",
                source, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), source + "-client-" + i,
                "avro-sink", "127.0.0.1", 21154, Map.of());
        producer.send(new ProducerRecord<>(topics.connectionEvents(), event.connectionId(),
                Json.MAPPER.writeValueAsBytes(event)));
    }

    private List<Double> awaitLatencies(List<Taken> taken, Map<Long, Long> raisedAt, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        var ms = new ArrayList<Double>();
        while (System.nanoTime() < deadline) {
            ms.clear();
            for (Taken t : taken) {
                for (long serial : t.serials()) {
                    Long raised = raisedAt.get(serial);
                    if (raised != null) {
                        ms.add((t.atNanos() - raised) / 1e6 - groupWait.toMillis());
                    }
                }
            }
            if (ms.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        ms.sort(null);
        return ms;
    }

    private static Set<Long> awaitStorm(List<Taken> taken, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<Long> named = new HashSet<>();
        while (System.nanoTime() < deadline) {
            named.clear();
            taken.forEach(t -> named.addAll(t.serials()));
            if (named.size() >= expected) {
                break;
            }
            Thread.sleep(500);
        }
        return named;
    }

    /** The most messages received within any 60 s: the sliding window a robot's limit is counted over. */
    private static int maxInAnyMinute(List<Taken> taken) {
        long[] at = taken.stream().mapToLong(Taken::atNanos).sorted().toArray();
        int max = 0;
        for (int i = 0, j = 0; i < at.length; i++) {
            while (at[i] - at[j] >= Duration.ofMinutes(1).toNanos()) {
                j++;
            }
            max = Math.max(max, i - j + 1);
        }
        return max;
    }

    private static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static Double round(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 10) / 10.0;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
