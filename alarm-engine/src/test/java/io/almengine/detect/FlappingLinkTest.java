package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.Alarm;
import io.almengine.model.ConnectionEvent;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.Now;
import io.almengine.rules.Watch;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.PipelineHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ALM-24901 on the engine's topology with the shipped definitions and rules (slots of 30 s,
 * flapHigh 30 %, flapLow 20 %), on the engine clock. A link that bounces every 2 minutes (down at
 * each even minute, up at each odd one) changes state every other slot: changes at slots 0, 2, 4, ...
 * of its outage, so at the transition of slot 2k the newest k + 1 changes weigh
 * 1.25 + 1.197 + 1.145 + ... : 28.6 % after 5 of them (minute 4), 33.6 % after 6 (minute 5).
 */
class FlappingLinkTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @RegisterExtension
    static final PipelineHarness harness = new PipelineHarness();

    /** A link connected 10 minutes before {@code t}, then down at t, up at t+1m, ... for the given minutes. */
    private static void bounce(FlumeLink link, Instant t, int fromMinute, int toMinute) {
        for (int m = fromMinute; m <= toMinute; m++) {
            Instant at = t.plus(MINUTE.multipliedBy(m));
            harness.clockAt(at);
            harness.send(m % 2 == 0 ? link.disconnected(at) : link.connected(at));
        }
    }

    private static List<Alarm> alarms(FlumeLink link, int alarmId) {
        return harness.alarmsOf(link).stream().filter(a -> a.alarmId() == alarmId).toList();
    }

    @Test
    void aLinkBouncingEveryTwoMinutesRaisesFlappingAndNoConnectionAlarm() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t.minus(Duration.ofMinutes(10))));
        bounce(link, t, 0, 4);
        harness.clockAt(t.plus(MINUTE.multipliedBy(5)).minusNanos(1));
        assertEquals(List.of(), harness.alarmsOf(link), "5 changes: 28.6 %, below flapHigh");

        bounce(link, t, 5, 5);
        Alarm flapping = harness.awaitAlarm(link, Alarm::active);
        assertEquals(24901, flapping.alarmId());
        assertEquals(t.plus(MINUTE.multipliedBy(5)), flapping.occurredAt(), "raised at the 6th change");
        assertEquals("33.6", flapping.params().get("flapPercent"));
        assertEquals(link.clientIp(), flapping.params().get("clientIp"));

        bounce(link, t, 6, 11);
        assertEquals(List.of(), alarms(link, 24003), "no outage lasted raiseAfter (3 minutes)");
        assertEquals(1, harness.alarmsOf(link).size(), "one flapping alarm, raised once");
    }

    @Test
    void theFlappingAlarmClearsOnceTheLinkHasBeenStableLongEnough() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t.minus(Duration.ofMinutes(10))));
        bounce(link, t, 0, 9); // the last change: up at minute 9, slot 18
        assertTrue(harness.awaitAlarm(link, a -> a.alarmId() == 24901).active());

        // Changes at slots 0, 2, ..., 18 age a slot at a time: at slot 29 (x = 1, 3, 5, 7, 9) 21.4 %,
        // at slot 30 (x = 2, 4, 6, 8) 17.1 %, below flapLow: minute 15.
        Instant calm = t.plus(MINUTE.multipliedBy(15));
        harness.clockAt(calm.minusNanos(1));
        assertTrue(harness.awaitAlarm(link, a -> a.alarmId() == 24901).active(), "21.4 %: still flapping");
        harness.clockAt(calm);
        Alarm cleared = harness.awaitAlarm(link, a -> a.alarmId() == 24901);
        assertEquals(calm, cleared.clearedAt());
        assertEquals(List.of(), alarms(link, 24003));
    }

    @Test
    void aFlappingEpisodeReadAsABacklogIsRaisedAndClearedAtTheSameInstantsAsLive() {
        // The engine was down: the whole episode waits in Kafka and is read before the clock moves.
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        var episode = new java.util.ArrayList<ConnectionEvent>();
        episode.add(link.connected(t.minus(Duration.ofMinutes(10))));
        for (int m = 0; m <= 9; m++) {
            Instant at = t.plus(MINUTE.multipliedBy(m));
            episode.add(m % 2 == 0 ? link.disconnected(at) : link.connected(at));
        }
        harness.send(episode.toArray(ConnectionEvent[]::new));
        assertEquals(List.of(), harness.alarmsOf(link), "nothing judged before event time is known");

        harness.clockAt(t.plus(Duration.ofMinutes(20)));
        harness.clockAt(t.plus(Duration.ofMinutes(20)).plusSeconds(1));
        Alarm flapping = harness.awaitAlarm(link, a -> a.alarmId() == 24901);
        assertEquals(t.plus(MINUTE.multipliedBy(5)), flapping.occurredAt(), "as live: the 6th change");
        assertEquals(t.plus(MINUTE.multipliedBy(15)), flapping.clearedAt(), "as live: calm at minute 15");
        assertEquals(1, harness.alarmsOf(link).size());
    }

    @Test
    void whileTheLinkFlapsItsConnectionAlarmIsRaisedAndClearedQuietly() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t.minus(Duration.ofMinutes(10))));
        bounce(link, t, 0, 6); // flapping from minute 5; down again at minute 6, and it stays down
        Instant raised = t.plus(MINUTE.multipliedBy(9));
        harness.clockAt(raised);
        Alarm outage = harness.awaitAlarm(link, a -> a.alarmId() == 24003);
        assertEquals(raised, outage.occurredAt(), "raised as usual, 3 minutes after the disconnect");
        assertEquals("flapping", outage.params().get("suppressedBy"));
        assertEquals("ALM-24901", outage.params().get("suppressedByAlarm"));
        assertTrue(harness.awaitAlarm(link, a -> a.alarmId() == 24901).active(), "32.7 % at minute 9");

        harness.clockAt(raised.plus(MINUTE));
        harness.send(link.connected(raised.plus(MINUTE)));
        Alarm over = harness.awaitAlarm(link, a -> a.alarmId() == 24003);
        assertEquals(raised.plus(MINUTE), over.clearedAt());
        assertEquals("flapping", over.params().get("suppressedBy"), "its clear is as quiet as its raise");
    }

    @Test
    void aLinkThatFlapsThenStaysDownKeepsItsFlappingAlarmAndItsOutageQuietUntilItIsBack() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t.minus(Duration.ofMinutes(10))));
        bounce(link, t, 0, 6); // flapping from minute 5; down at minute 6 for good
        harness.clockAt(t.plus(Duration.ofMinutes(39)));
        Alarm flapping = harness.awaitAlarm(link, a -> a.alarmId() == 24901);
        assertTrue(flapping.active(), "the measure calmed long ago, but the link is down: not stable");
        Alarm outage = harness.awaitAlarm(link, a -> a.alarmId() == 24003);
        assertTrue(outage.active());
        assertEquals("flapping", outage.params().get("suppressedBy"));

        Instant back = t.plus(Duration.ofMinutes(40));
        harness.clockAt(back);
        harness.send(link.connected(back));
        assertEquals(back, harness.awaitAlarm(link, a -> a.alarmId() == 24901).clearedAt(),
                "back up, with only this change in the last 21 slots (6.25 %)");
        assertEquals(back, harness.awaitAlarm(link, a -> a.alarmId() == 24003).clearedAt());
    }

    @Test
    void aStableLinkWithOneLongOutageNeverFlaps() {
        Instant t = harness.freshHour();
        FlumeLink link = FlumeLink.fresh();
        harness.send(link.connected(t));
        for (int s = 30; s < 1800; s += 30) {
            harness.send(link.heartbeat(t.plusSeconds(s)));
        }
        harness.clockAt(t.plus(Duration.ofMinutes(30)));
        harness.send(link.disconnected(t.plus(Duration.ofMinutes(30))));
        harness.clockAt(t.plus(Duration.ofMinutes(36)));
        harness.send(link.connected(t.plus(Duration.ofMinutes(36))));
        harness.clockAt(t.plus(Duration.ofMinutes(60)));
        List<Alarm> all = harness.alarmsOf(link);
        assertEquals(List.of(24003), all.stream().map(Alarm::alarmId).toList());
        assertNull(all.get(0).params().get("suppressedBy"), "notified as usual");
    }

    /**
     * A restart in the middle: the state of a flapping link is stored (the connection store's
     * binary form) and read back by the next owner, whose rules go on from it as if nothing happened.
     */
    @Test
    void aFlappingLinkReadBackFromTheStoreGoesOnAsBefore() {
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        List<AlarmDefinition> flume = catalog.forComponent("flume");
        Duration keep = new TransitionNeeds(catalog).of("flume");
        var serde = new ConnectionStateSerde();
        UnaryOperator<ConnectionState> restart = s -> serde.deserializer().deserialize("t",
                serde.serializer().serialize("t", s));
        Instant t = Instant.parse("2026-11-20T08:00:00Z");
        FlumeLink link = FlumeLink.fresh();
        try (RuleSession session = RuleBook.load(EngineHarness.repoFolder("rules")).newSession(catalog.all())) {
            ConnectionState before = ConnectionState.apply(null, link.connected(t.minusSeconds(600)), null, keep).state();
            ConnectionState after = before;
            for (int m = 0; m <= 5; m++) {
                ConnectionEvent e = m % 2 == 0 ? link.disconnected(t.plus(MINUTE.multipliedBy(m)))
                        : link.connected(t.plus(MINUTE.multipliedBy(m)));
                before = ConnectionState.apply(before, e, null, keep).state();
                after = ConnectionState.apply(m == 3 ? restart.apply(after) : after, e, null, keep).state();
                Now now = Now.ofTransition(e.time());
                List<Decision> once = session.evaluate(before, flume, now, List.of());
                assertEquals(once, session.evaluate(after, flume, now, List.of()), "minute " + m);
                before = applied(before, once);
                after = applied(after, once);
            }
            assertEquals(before, restart.apply(after));
            assertTrue(after.watch(24901).met(), "flapping from minute 5, restart at minute 3 or not");
        }
    }

    /** The watches the decisions leave (what detection does with them, without the deadlines). */
    private static ConnectionState applied(ConnectionState state, List<Decision> decisions) {
        for (Decision d : decisions) {
            Watch w = state.watch(d.alarmId());
            if (d instanceof Decision.Arm arm) {
                state = state.with(new Watch(arm.alarmId(), arm.deadline(), w.met()));
            } else if (d instanceof Decision.Raise) {
                state = state.with(new Watch(d.alarmId(), null, true));
            } else if (d instanceof Decision.Disarm || d instanceof Decision.Recover) {
                state = state.with(Watch.idle(d.alarmId()));
            }
        }
        return state;
    }
}
