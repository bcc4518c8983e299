package io.almengine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.almengine.model.Alarm;
import io.almengine.model.ClearType;
import io.almengine.model.Severity;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guards for the next action someone adds (silence links, parent links): it must travel on the
 * topic and reach its own case in the alarm's owner, not fall through as unknown.
 */
class AlarmActionTest {

    private static final Instant AT = Instant.parse("2026-11-20T08:05:00Z");

    /** One instance of every action type but the stand-in for unknown ones, its text fields set. */
    private static List<AlarmAction> everyKnownAction() throws Exception {
        var actions = new java.util.ArrayList<AlarmAction>();
        for (Class<?> type : AlarmAction.class.getPermittedSubclasses()) {
            if (type == AlarmAction.Unrecognised.class) {
                continue;
            }
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = Arrays.stream(components).map(c -> c.getName() + "-value").toArray();
            actions.add((AlarmAction) type.getDeclaredConstructor(Arrays.stream(components)
                    .map(RecordComponent::getType).toArray(Class[]::new)).newInstance(values));
        }
        return actions;
    }

    @Test
    void everyActionReadsBackFromWhatItWritesOnTheTopic() throws Exception {
        for (AlarmAction action : everyKnownAction()) {
            assertEquals(action, AlarmAction.fromWire(action.name(), action.args()), action.name());
        }
    }

    @Test
    void everyActionHasItsOwnCaseInTheAlarmsOwner() throws Exception {
        // A cleared alarm, no definition, no runbook: each action answers before it needs either.
        Alarm cleared = Alarm.raise(1002, 24003, "Flume connection lost", "Flume 连接中断", Severity.MAJOR,
                AT.minusSeconds(600), Map.of(), "hacluster|flume|h:1|ip|client1|sink", "")
                .cleared(AT.minusSeconds(60), ClearType.AUTO, Alarm.ENGINE, "");
        for (AlarmAction action : everyKnownAction()) {
            var command = new AlarmCommand("c", 1002, cleared.connectionId(), "alice", false, action, AT);
            CommandResult result = AlarmCommands.apply(command, cleared, null, null).result();
            assertFalse(result.refused().map(r -> r.message().startsWith("unknown action")).orElse(false),
                    action.name() + " is not handled by AlarmCommands.apply");
        }
    }
}
