package io.almengine.detect;

import static io.almengine.testing.EngineHarness.T0;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.Json;
import io.almengine.testing.Agents.Logtail;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.TestBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Many agents falling silent at the same instant (a network cut) make far more deadlines due at
 * once than one sweep batch takes. Each is late from that instant on, so a tick goes on batch
 * after batch until nothing is due, unless it has swept for a whole interval, when it leaves the
 * rest to the next tick so that events are not held up. Correctness only: no timing is asserted.
 */
class MassSilenceSweepTest {

    private static final Duration SUSPECT = Duration.ofMinutes(10);

    @Test
    void aMassSilenceIsPutToTheRulesInOneTickAndReportedSweptOnlyThen() throws Exception {
        // Two partitions; enough agents that each partition holds more than one batch.
        int agents = 2 * DetectProcessor.SWEEP_BATCH + DetectProcessor.SWEEP_BATCH / 2;
        String project = "mass-" + UUID.randomUUID().toString().substring(0, 8);
        var fleet = new ArrayList<Logtail>(agents);
        for (int i = 0; i < agents; i++) {
            fleet.add(new Logtail(project, "10.9." + (i >>> 8) + "." + (i & 0xff), "host-" + i, "group-" + (i % 7),
                    "cn-hangzhou-intranet.log.aliyuncs.com"));
        }
        try (EngineHarness harness = new EngineHarness().start()) {
            Instant t = T0;
            harness.clockAt(t);
            long applied = harness.eventsApplied();
            sendAll(harness, fleet, t);
            harness.awaitEventsApplied(applied + agents);
            // A sweep after the events were applied: their own rule calls are counted by then.
            harness.clockAt(t.plus(SUSPECT).minusNanos(1));
            long evaluated = harness.rulesEvaluated();

            harness.clockAt(t.plus(SUSPECT));
            assertTrue(harness.rulesEvaluated() - evaluated >= agents,
                    "swept up to the silence means every agent silent by then was put to the rules: "
                            + (harness.rulesEvaluated() - evaluated) + " of " + agents);

            List<Alarm> raised = await().atMost(Duration.ofSeconds(120)).until(
                    () -> harness.engine().alarms().all().stream()
                            .filter(a -> project.equals(a.params().get("source")) && a.active()).toList(),
                    list -> list.size() >= agents);
            assertEquals(agents, raised.size(), "one alarm per agent, none twice");
            assertTrue(raised.stream().allMatch(a -> a.occurredAt().equals(t.plus(SUSPECT))),
                    "every one dated when its silence reached the threshold");
        }
    }

    @Test
    void aTickTakesBatchAfterBatchUntilOneComesBackShort() {
        var sizes = new ArrayList<>(List.of(10, 10, 10, 3, 10));
        var calls = new AtomicInteger();
        Clock frozen = Clock.fixed(T0, ZoneOffset.UTC);

        boolean dry = DetectProcessor.untilDry(() -> {
            calls.incrementAndGet();
            return sizes.remove(0);
        }, 10, frozen, T0.plusMillis(200));

        assertTrue(dry);
        assertEquals(4, calls.get(), "the short batch ends the tick");
    }

    @Test
    void aFullBatchThatEmptiedTheIndexNeedsOneMoreLookToKnowIt() {
        var sizes = new ArrayList<>(List.of(10, 0));
        var calls = new AtomicInteger();

        boolean dry = DetectProcessor.untilDry(() -> {
            calls.incrementAndGet();
            return sizes.remove(0);
        }, 10, Clock.fixed(T0, ZoneOffset.UTC), T0.plusMillis(200));

        assertTrue(dry);
        assertEquals(2, calls.get());
    }

    @Test
    void aTickThatHasSweptForItsWholeBudgetLeavesTheRestToTheNextAndIsNotDry() {
        var calls = new AtomicInteger();
        var clock = new SteppingClock(T0, Duration.ofMillis(80));

        boolean dry = DetectProcessor.untilDry(() -> {
            calls.incrementAndGet();
            return 10;
        }, 10, clock, T0.plusMillis(200));

        assertFalse(dry, "deadlines are still due: the partition is not swept up to the tick's time");
        assertEquals(3, calls.get(), "the first batch, one after each reading before 200 ms (80, 160), none after 240");
    }

    @Test
    void theFirstBatchRunsEvenWhenTheBudgetIsAlreadySpent() {
        var calls = new AtomicInteger();

        boolean dry = DetectProcessor.untilDry(() -> {
            calls.incrementAndGet();
            return 10;
        }, 10, Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC), T0);

        assertFalse(dry);
        assertEquals(1, calls.get());
    }

    private static void sendAll(EngineHarness harness, List<Logtail> fleet, Instant at) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (Logtail agent : fleet) {
                producer.send(new ProducerRecord<>(harness.topics.connectionEvents(), agent.connectionId(),
                        Json.MAPPER.writeValueAsBytes(agent.heartbeat(at))));
            }
            producer.flush();
        }
    }

    /** A clock that moves on by {@code step} every time it is read, as time passes while a tick sweeps. */
    private static final class SteppingClock extends Clock {
        private Instant now;
        private final Duration step;

        SteppingClock(Instant start, Duration step) {
            this.now = start;
            this.step = step;
        }

        @Override
        public Instant instant() {
            now = now.plus(step);
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
