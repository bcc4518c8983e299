package io.almengine.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.testing.Definitions;
import io.almengine.testing.EngineProcess;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.KafkaTopics;
import io.almengine.testing.StandaloneBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out on Kafka: three engines with one application id share the partitions of the events
 * topic on one (standalone) broker, and each answers the API for every alarm. One is SIGKILLed in
 * the middle of an alarm window; the others take its partitions over, and it is started again.
 * Every alarm is raised once and cleared once, counted on {@code alm.alarm-events}.
 */
class ScaleOutIT {

    private static final int PARTITIONS = 6;
    private static final Duration RAISE_AFTER = Duration.ofSeconds(15);
    /** What the issue promises: a killed instance's partitions are processed again within 30 s. */
    private static final Duration TAKEOVER = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static StandaloneBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = StandaloneBroker.start(Files.createDirectories(dir.resolve("broker")));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void threeInstancesShareTheWorkAndAKilledOneIsReplacedWithoutLosingOrRepeatingAnAlarm() throws Exception {
        String prefix = "scale.";
        Path definitions = Definitions.flumeWithRaiseAfter(RAISE_AFTER);
        List<String> args = List.of("--kafka-bootstrap", broker.bootstrap(), "--topic-prefix", prefix,
                "--application-id", prefix + "engine", "--partitions", Integer.toString(PARTITIONS),
                "--standby-replicas", "1", "--definitions", definitions.toString());
        List<Path> dataDirs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            dataDirs.add(Files.createDirectories(dir.resolve("engine-" + i)));
        }
        List<EngineProcess> engines = startAll(dataDirs, args);
        try {
            awaitPartitionsShared(engines);

            // Three links per partition, so whichever instance is killed owned some of them.
            List<FlumeLink> links = linksCoveringEveryPartition(3);
            Instant down = Instant.now();
            KafkaTopics.produce(broker.bootstrap(), prefix + "alm.connection-events",
                    links.stream().map(l -> l.disconnected(down)).toArray(ConnectionEvent[]::new));

            int victim = busiest(engines);
            Set<Integer> victimPartitions = partitionsOf(engines.get(victim));
            assertTrue(links.stream().anyMatch(l -> victimPartitions.contains(partitionOf(l))));
            Thread.sleep(2_000);
            engines.get(victim).kill();
            long killed = System.nanoTime();

            List<EngineProcess> survivors = new ArrayList<>(engines);
            survivors.remove(victim);
            await("the survivors own every partition").atMost(TAKEOVER).pollInterval(Duration.ofMillis(500))
                    .until(() -> survivors.stream().flatMap(e -> partitionsOf(e).stream()).distinct().count()
                            == PARTITIONS);
            System.out.printf("ScaleOutIT: partitions %s of the killed instance taken over after %.1f s%n",
                    victimPartitions, (System.nanoTime() - killed) / 1e9);
            await("every alarm raised").atMost(RAISE_AFTER.plus(TAKEOVER)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> links.stream().allMatch(l -> changes(prefix).getOrDefault(l.connectionId(),
                            List.of()).contains("raised")));

            engines.set(victim, EngineProcess.start(dataDirs.get(victim), args.toArray(String[]::new)));
            awaitPartitionsShared(engines);

            Instant up = Instant.now();
            KafkaTopics.produce(broker.bootstrap(), prefix + "alm.connection-events",
                    links.stream().map(l -> l.connected(up)).toArray(ConnectionEvent[]::new));
            await("every alarm cleared").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> links.stream().allMatch(l -> changes(prefix).getOrDefault(l.connectionId(),
                            List.of()).contains("cleared")));

            Map<String, List<String>> changes = changes(prefix);
            for (FlumeLink link : links) {
                assertEquals(List.of("raised", "cleared"), changes.get(link.connectionId()), link.clientName());
            }
            Set<String> linkIds = links.stream().map(FlumeLink::connectionId).collect(Collectors.toSet());
            for (EngineProcess engine : engines) {
                await("every instance answers for every alarm").atMost(Duration.ofSeconds(30)).until(() ->
                        clearedConnections(engine).containsAll(linkIds));
            }
        } finally {
            for (EngineProcess engine : engines) {
                engine.close();
            }
        }
    }

    private static List<EngineProcess> startAll(List<Path> dataDirs, List<String> args) {
        List<CompletableFuture<EngineProcess>> starts = dataDirs.stream()
                .map(d -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return EngineProcess.start(d, args.toArray(String[]::new));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })).toList();
        return new ArrayList<>(starts.stream().map(CompletableFuture::join).toList());
    }

    /** Every partition owned by exactly one instance, and every instance owning some. */
    private static void awaitPartitionsShared(List<EngineProcess> engines) {
        await("the instances share the partitions").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    List<Set<Integer>> owned = engines.stream().map(ScaleOutIT::partitionsOf).toList();
                    int total = owned.stream().mapToInt(Set::size).sum();
                    long distinct = owned.stream().flatMap(Set::stream).distinct().count();
                    return owned.stream().noneMatch(Set::isEmpty) && total == PARTITIONS && distinct == PARTITIONS;
                });
    }

    private static Set<Integer> partitionsOf(EngineProcess engine) {
        try {
            JsonNode health = Json.MAPPER.readTree(engine.get("/api/health").body());
            var out = new HashSet<Integer>();
            health.path("partitions").forEach(p -> out.add(p.asInt()));
            return out;
        } catch (Exception e) {
            return Set.of();
        }
    }

    private static int busiest(List<EngineProcess> engines) {
        int best = 0;
        for (int i = 1; i < engines.size(); i++) {
            if (partitionsOf(engines.get(i)).size() > partitionsOf(engines.get(best)).size()) {
                best = i;
            }
        }
        return best;
    }

    private static List<FlumeLink> linksCoveringEveryPartition(int perPartition) {
        var count = new int[PARTITIONS];
        var links = new ArrayList<FlumeLink>();
        while (links.size() < PARTITIONS * perPartition) {
            FlumeLink link = FlumeLink.fresh();
            if (count[partitionOf(link)] < perPartition) {
                count[partitionOf(link)]++;
                links.add(link);
            }
        }
        return links;
    }

    /** The partition Kafka's default partitioner picks for the link's key. */
    private static int partitionOf(FlumeLink link) {
        return Utils.toPositive(Utils.murmur2(link.connectionId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Per connection, the changes recorded on alm.alarm-events, in order. */
    private static Map<String, List<String>> changes(String prefix) {
        var out = new HashMap<String, List<String>>();
        for (Map<String, Object> e : KafkaTopics.readAll(broker.bootstrap(), prefix + "alm.alarm-events")) {
            if (e != null) {
                out.computeIfAbsent((String) e.get("connectionId"), k -> new ArrayList<>()).add((String) e.get("change"));
            }
        }
        return out;
    }

    private static Set<String> clearedConnections(EngineProcess engine) throws Exception {
        var answer = engine.get("/api/alarms?state=cleared&limit=1000");
        if (answer.statusCode() != 200) {
            throw new AssertionError("/api/alarms answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode items = Json.MAPPER.readTree(answer.body()).get("items");
        var out = new HashSet<String>();
        items.forEach(a -> out.add(a.path("connectionId").asText()));
        return out;
    }
}
