package io.almengine.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.model.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A group's state is one record of the notification stage's store, written to its changelog: a
 * storm's group must still fit the largest record Kafka takes (1 MiB), and still tell news from a
 * message already sent.
 */
class GroupStateTest {

    private static final Instant T = Instant.parse("2026-12-05T08:00:00Z");
    private static final int MAX_RECORD = 1024 * 1024;
    private static final Route ROUTE = new Route("{}", "ops-hook", List.of(), List.of("alarmId", "source"),
            Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(4), true, false, List.of());

    private static List<Member> firing(int from, int to) {
        var members = new ArrayList<Member>();
        for (int i = from; i <= to; i++) {
            members.add(new Member(i, "conn-" + i, SampleNotices.flumeClient(i, "10.0." + (i / 256 % 256) + "." + (i % 256),
                    false), null));
        }
        return members;
    }

    private static GroupState group() {
        return GroupState.open("ops-hook", ROUTE, "{}:{alarmId=\"24003\"}", Map.of("alarmId", "24003"), T);
    }

    @Test
    void aStormsGroupOfOneHundredThousandAlarmsIsKeptInOneRecordKafkaTakes() throws Exception {
        List<Member> storm = firing(1, 100_000);

        GroupState.Flush first = group().flush(T, ROUTE, SampleNotices.EXTERNAL_URL, storm);

        assertEquals(400, first.messages().size(), "sent in messages of 250");
        byte[] record = Json.MAPPER.writeValueAsBytes(first.after());
        assertTrue(record.length < MAX_RECORD / 100, record.length + " bytes");
        GroupState read = Json.MAPPER.readValue(record, GroupState.class);
        assertEquals(List.of(), read.flush(T.plus(Duration.ofMinutes(5)), ROUTE, SampleNotices.EXTERNAL_URL, storm).messages(),
                "the same alarms again are no news");
        List<Member> oneMore = new ArrayList<>(storm);
        oneMore.addAll(firing(100_001, 100_001));
        assertEquals(401, read.flush(T.plus(Duration.ofMinutes(5)), ROUTE, SampleNotices.EXTERNAL_URL, oneMore)
                .messages().size(), "a new alarm is news");
    }

    @Test
    void aSmallGroupRemembersItsFingerprintsSoAnAlarmLeavingIsNoNewsOfItsOwn() {
        List<Member> three = firing(1, 3);
        GroupState after = group().flush(T, ROUTE, SampleNotices.EXTERNAL_URL, three).after();
        assertNull(after.lastFiringDigest());
        assertEquals(3, after.lastFiring().size());

        assertEquals(List.of(), after.flush(T.plus(Duration.ofMinutes(5)), ROUTE, SampleNotices.EXTERNAL_URL,
                firing(1, 2)).messages(), "fewer alarms firing, none resolved to tell: no message (Alertmanager's rule)");
    }

    @Test
    void aGroupStoredByThePreviousVersionIsReadWithItsFingerprints() throws Exception {
        String stored = """
                {"receiver":"ops-hook","route":"{}","groupKey":"{}:{alarmId=\\"24003\\"}","groupLabels":{"alarmId":"24003"},
                 "nextFlushAt":"2026-12-05T08:05:00Z","lastSentAt":"2026-12-05T08:00:00Z",
                 "lastFiring":["fp1","fp2"],"lastResolved":[]}""";

        GroupState read = Json.MAPPER.readValue(stored, GroupState.class);

        assertNull(read.lastFiringDigest());
        assertEquals(List.of(), read.flush(T.plus(Duration.ofMinutes(5)), ROUTE, SampleNotices.EXTERNAL_URL,
                firing(1, 2)).messages(), "the two alarms it named are no news");
    }
}
