package io.almengine.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.KafkaTopics;
import io.almengine.testing.StandaloneBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 30 s while events keep coming, then comes back on the same port and
 * data. The engine says DOWN while it is gone, reconnects by itself, and neither an event nor an
 * alarm change is lost: alarms due during the outage are raised once, reconnects sent during it
 * clear, and the group has committed every event in the end.
 */
class BrokerOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration RAISE_AFTER = Duration.ofSeconds(8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theEngineRidesOutABrokerOutageWithoutLosingAnEventOrAnAlarmChange() throws Exception {
        String prefix = "outage.";
        String events = prefix + "alm.connection-events";
        try (var broker = StandaloneBroker.start(Files.createDirectories(dir.resolve("broker")));
             var engine = EngineProcess.start(Files.createDirectories(dir.resolve("engine")),
                     "--kafka-bootstrap", broker.bootstrap(), "--topic-prefix", prefix,
                     "--application-id", prefix + "engine", "--partitions", "3",
                     "--definitions", Definitions.flumeWithRaiseAfter(RAISE_AFTER).toString());
             var producer = patientProducer(broker.bootstrap())) {
            List<FlumeLink> steady = links(20);
            List<FlumeLink> raisedBefore = links(5);
            List<FlumeLink> dueDuring = links(5);
            List<FlumeLink> downDuring = links(5);
            var load = new Load(producer, events, steady);
            load.start();

            send(producer, events, raisedBefore.stream().map(l -> l.disconnected(Instant.now().minusSeconds(60))));
            await("alarms raised before the outage").atMost(Duration.ofSeconds(60)).until(() ->
                    raisedBefore.stream().allMatch(l -> changes(broker, prefix, l).contains("raised")));
            send(producer, events, dueDuring.stream().map(l -> l.disconnected(Instant.now())));
            producer.flush();

            broker.stop();
            long stopped = System.nanoTime();
            await("health says DOWN while the broker is gone").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).until(() -> healthStatus(engine) == 503);
            // Sent while the broker is gone, as a probe would: send() waits for the broker (up to the
            // producer's max.block.ms), so from a thread of their own; they arrive once it is back.
            Instant during = Instant.now();
            var sentDuring = CompletableFuture.runAsync(() -> {
                send(producer, events, raisedBefore.stream().map(l -> l.connected(during)));
                send(producer, events, downDuring.stream().map(l -> l.disconnected(during)));
            });
            Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stopped) / 1_000_000));
            broker.startAgain();
            sentDuring.get(120, TimeUnit.SECONDS);

            await("health says UP once the broker is back").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> healthStatus(engine) == 200);
            await("alarms due during the outage raised, reconnects during it cleared")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                            Stream.of(dueDuring, downDuring).flatMap(List::stream)
                                    .allMatch(l -> changes(broker, prefix, l).contains("raised"))
                            && raisedBefore.stream().allMatch(l -> changes(broker, prefix, l).contains("cleared")));
            send(producer, events, Stream.of(dueDuring, downDuring).flatMap(List::stream)
                    .map(l -> l.connected(Instant.now())));
            await("every alarm cleared").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Stream.of(dueDuring, downDuring).flatMap(List::stream)
                            .allMatch(l -> changes(broker, prefix, l).contains("cleared")));
            load.stop();
            producer.flush();
            assertTrue(load.sent() > 0 && load.failure() == null, "the load went on: " + load.failure());

            for (FlumeLink link : Stream.of(raisedBefore, dueDuring, downDuring).flatMap(List::stream).toList()) {
                assertEquals(List.of("raised", "cleared"), changes(broker, prefix, link), link.clientName());
            }
            for (FlumeLink link : steady) {
                assertEquals(List.of(), changes(broker, prefix, link), "a client that never went down");
            }
            await("every event committed by the engine's group").atMost(Duration.ofSeconds(30))
                    .until(() -> KafkaTopics.lag(broker.bootstrap(), prefix + "engine", events) == 0);
            engine.output().lines().filter(l -> l.contains("Kafka") || l.contains("stream thread"))
                    .forEach(l -> System.out.println("BrokerOutageIT engine: " + l));
        }
    }

    /** A producer that waits out a broker outage instead of failing: what a well-configured probe does. */
    private static KafkaProducer<String, byte[]> patientProducer(String bootstrap) {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, Stream<ConnectionEvent> events) {
        events.forEach(e -> {
            try {
                producer.send(new ProducerRecord<>(topic, e.connectionId(), Json.MAPPER.writeValueAsBytes(e)));
            } catch (Exception x) {
                throw new IllegalStateException(x);
            }
        });
    }

    /** Heartbeats of clients that stay up, every 200 ms, for as long as the test runs. */
    private static final class Load {
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final List<FlumeLink> links;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;

        Load(KafkaProducer<String, byte[]> producer, String topic, List<FlumeLink> links) {
            this.producer = producer;
            this.topic = topic;
            this.links = links;
            this.thread = new Thread(this::run, "outage-load");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                Instant now = Instant.now();
                for (FlumeLink link : links) {
                    try {
                        producer.send(new ProducerRecord<>(topic, link.connectionId(),
                                Json.MAPPER.writeValueAsBytes(link.heartbeat(now))), (m, e) -> {
                                    if (e != null) {
                                        failure.compareAndSet(null, e);
                                    }
                                });
                        sent.incrementAndGet();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        long sent() {
            return sent.get();
        }

        Exception failure() {
            return failure.get();
        }
    }

    private static List<FlumeLink> links(int count) {
        var out = new ArrayList<FlumeLink>();
        for (int i = 0; i < count; i++) {
            out.add(FlumeLink.fresh());
        }
        return out;
    }

    private static List<String> changes(StandaloneBroker broker, String prefix, FlumeLink link) {
        return KafkaTopics.readAll(broker.bootstrap(), prefix + "alm.alarm-events").stream()
                .filter(e -> e != null && link.connectionId().equals(e.get("connectionId")))
                .map(e -> (String) e.get("change")).toList();
    }

    private static int healthStatus(EngineProcess engine) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(engine.baseUrl() + "/api/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
