package io.almengine.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Json;
import io.almengine.kafka.JsonSerde;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commands and their results as the version before typed commands wrote them on
 * {@code alm.alarm-commands} and {@code alm.command-results} (captured in the test resources):
 * still read, and written again byte for byte, so engines of both versions can share the topics
 * during a rolling upgrade.
 */
class CommandWireFormatTest {

    private static final String CONNECTION = "hacluster|flume|192.168.10.5:21154|192.168.10.21|client1|avro_sink";

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = CommandWireFormatTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static AlarmCommand command(String json) {
        return new JsonSerde<>(AlarmCommand.class, Json.MAPPER).deserializer()
                .deserialize("alm.alarm-commands", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void commandsWrittenByThePreviousVersionAreReadAndWrittenTheSameWay() throws Exception {
        List<String> written = lines("alarm-commands-v1.jsonl");
        List<AlarmCommand> read = written.stream().map(CommandWireFormatTest::command).toList();

        AlarmCommand ack = read.get(0);
        assertEquals("c-ack", ack.id());
        assertEquals(1002, ack.serialNo());
        assertEquals(CONNECTION, ack.connectionId());
        assertEquals("alice", ack.by());
        assertEquals(java.time.Instant.parse("2026-11-20T08:05:00Z"), ack.at());
        assertEquals(new AlarmAction.Ack(), ack.action());
        assertEquals(new AlarmAction.Unack(), read.get(1).action());
        assertEquals(new AlarmAction.Comment("looking at it"), read.get(2).action());
        assertEquals(new AlarmAction.Clear("replaced the NIC"), read.get(3).action());
        assertEquals(true, read.get(3).admin());
        assertEquals(new AlarmAction.RunbookAnswer("network-ping", "yes", "pings fine"), read.get(4).action());

        for (int i = 0; i < read.size(); i++) {
            assertEquals(Json.MAPPER.readTree(written.get(i)), Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(read.get(i))),
                    "command " + i + " is written as before");
        }
    }

    @Test
    void resultsWrittenByThePreviousVersionAreReadAndWrittenTheSameWay() throws Exception {
        List<String> written = lines("command-results-v1.jsonl");
        List<CommandResult> read = written.stream().map(json -> {
            try {
                return Json.MAPPER.readValue(json, CommandResult.class);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();

        assertEquals("c-ack", read.get(0).commandId());
        assertTrue(read.get(0).applied());
        assertEquals(1002, read.get(0).alarm().serialNo());
        assertEquals(true, read.get(0).alarm().acknowledged());
        assertEquals(Refusal.invalid("text: a comment needs text"), read.get(1).refusal());
        assertEquals(Refusal.notFound("no alarm with serial number 1002"), read.get(2).refusal());
        assertNull(read.get(2).alarm());
        assertEquals(Refusal.conflict("alarm 1002 is already cleared"), read.get(3).refusal());

        for (int i = 0; i < read.size(); i++) {
            assertEquals(Json.MAPPER.readTree(written.get(i)), Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(read.get(i))),
                    "result " + i + " is written as before");
        }
    }

    @Test
    void anActionThisVersionDoesNotKnowIsReadAndRefusedAsInvalidNotAnError() {
        AlarmCommand later = command("{\"id\":\"c-x\",\"serialNo\":1002,\"connectionId\":\"" + CONNECTION
                + "\",\"action\":\"silence-link\",\"by\":\"alice\",\"admin\":false,"
                + "\"args\":{\"until\":\"2026-11-21T00:00:00Z\"},\"at\":\"2026-11-20T08:05:00Z\"}");
        assertEquals(new AlarmAction.Unrecognised("silence-link", java.util.Map.of("until", "2026-11-21T00:00:00Z")),
                later.action());
        var alarm = io.almengine.model.Alarm.raise(1002, 24003, "Flume connection lost", "Flume 连接中断",
                io.almengine.model.Severity.MAJOR, later.at().minusSeconds(300), java.util.Map.of(), CONNECTION, "");
        AlarmCommands.Outcome outcome = AlarmCommands.apply(later, alarm, null, null);
        assertNull(outcome.changed());
        assertEquals(Refusal.invalid("unknown action 'silence-link'"), outcome.result().refusal());
    }
}
