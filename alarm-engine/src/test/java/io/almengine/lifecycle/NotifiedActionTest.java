package io.almengine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Alarm;
import io.almengine.model.AlarmChange;
import io.almengine.model.ClearType;
import io.almengine.model.Severity;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the notification stage reports becomes one history entry on the alarm, cleared or not. */
class NotifiedActionTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:05:00Z");
    private static final Alarm CLEARED = Alarm.raise(7, 24003, "Flume Client connection interrupted", "Flume Client连接中断",
            Severity.MAJOR, AT.minusSeconds(600), Map.of(), "c|flume|h:1|ip|client1|sink", "")
            .cleared(AT.minusSeconds(60), ClearType.AUTO, Alarm.ENGINE, "");

    private static AlarmCommands.Outcome apply(AlarmAction action) {
        return AlarmCommands.apply(new AlarmCommand("n", 7, CLEARED.connectionId(), "notify", false, action, AT),
                CLEARED, null, null);
    }

    @Test
    void aMessageSentOrFailedIsOneHistoryEntryNamingTheReceiverAndTheOutcome() {
        Alarm sent = apply(new AlarmAction.Notified("ops-hook", "sent", "")).changed();
        AlarmChange entry = sent.history().get(sent.history().size() - 1);
        assertEquals(new AlarmChange(AlarmChange.NOTIFIED, AT, "notify", "ops-hook: sent"), entry);
        Alarm failed = apply(new AlarmAction.Notified("ops-dingtalk", "failed", "400 bad token")).changed();
        assertEquals("ops-dingtalk: failed (400 bad token)", failed.history().get(failed.history().size() - 1).detail());
        assertEquals(CLEARED.state(), failed.state());
    }

    @Test
    void anOutcomeOtherThanSentOrFailedIsRefused() {
        var outcome = apply(new AlarmAction.Notified("ops-hook", "retry", ""));
        assertEquals(null, outcome.changed());
        assertTrue(outcome.result().refused().isPresent());
    }
}
