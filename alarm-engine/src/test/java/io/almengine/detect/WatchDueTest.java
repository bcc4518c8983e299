package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.DefinitionCatalog;
import io.almengine.rules.ConnectionState;
import io.almengine.rules.Decision;
import io.almengine.rules.HeartbeatHistory;
import io.almengine.rules.Watch;
import io.almengine.testing.EngineHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule asks the watch for the raise time: the moment the engine's own deadline stands for. */
class WatchDueTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void aRuleRaisingAtTheWatchesDueTimeRaisesWhenTheEngineJudgesTheSilenceOver() throws IOException {
        Files.writeString(tmp.resolve("ALM-24101.drl"), """
                package rules.due
                import io.almengine.definition.AlarmDefinition
                import io.almengine.rules.Watch
                import io.almengine.rules.Now
                global io.almengine.rules.Decisions decisions
                rule "raise at due"
                when
                    $def : AlarmDefinition( id == 24101 )
                    $now : Now()
                    $watch : Watch( alarmId == $def.id, armed, dueBy($now.instant) )
                then
                    decisions.raise($def, $watch.due(), "due");
                end
                """);
        AlarmDefinition def = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks")).byId(24101).orElseThrow();
        HeartbeatHistory beats = HeartbeatHistory.first(T, def.heartbeats());
        for (int minute = 1; minute <= 9; minute++) {
            beats = beats.beat(T.plus(Duration.ofMinutes(minute)), def.heartbeats());
        }
        Watch.Silence silence = new Watch.Silence(def.raiseAfter(), null, def.intSetting("minReports"),
                def.durationSetting("reportWindow"));
        ConnectionState state = new ConnectionState("c", "logtail", true, T, T.plus(Duration.ofMinutes(9)), Map.of(),
                Map.of(), beats, "").with(new Watch(def.id(), T.plus(Duration.ofMinutes(1)), false, silence));
        Instant engineDue = state.dueAt(silence, def);

        try (RuleSession session = RuleBook.load(tmp).newSession(List.of(def))) {
            List<Decision> decided = session.evaluate(state, List.of(def), engineDue.plusSeconds(30));
            assertEquals(List.of(new Decision.Raise(def.id(), engineDue, def.severity(), Map.of(), "due")), decided);
            assertEquals(List.of(), session.evaluate(state, List.of(def), engineDue.minusNanos(1)),
                    "not due an instant before");
        }
    }
}
