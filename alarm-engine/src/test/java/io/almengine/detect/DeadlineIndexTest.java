package io.almengine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deadline index on a real RocksDB store, as the pipeline keeps it: due entries come out oldest
 * first, batch after batch, and a scan that starts past what was already taken still finds every
 * entry scheduled since, however early.
 */
class DeadlineIndexTest {

    private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

    @TempDir
    Path stateDir;

    private KeyValueStore<Bytes, byte[]> store;
    private DeadlineIndex index;

    @BeforeEach
    void open() {
        var context = new MockProcessorContext<Object, Object>(new Properties(), new TaskId(0, 0), stateDir.toFile());
        store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("deadlines"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        index = new DeadlineIndex(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static List<String> members(List<DeadlineIndex.Due> due) {
        return due.stream().map(DeadlineIndex.Due::member).toList();
    }

    @Test
    void dueEntriesComeOutOldestFirstBatchAfterBatchUntilNoneIsLeft() {
        for (int i = 24; i >= 0; i--) {
            index.schedule("m" + (100 + i), T.plusSeconds(i));
        }

        assertEquals(List.of("m100", "m101", "m102"), members(index.takeDue(T.plusSeconds(100), 3)));
        assertEquals(10, index.takeDue(T.plusSeconds(100), 10).size());
        List<DeadlineIndex.Due> rest = index.takeDue(T.plusSeconds(100), 100);
        assertEquals(12, rest.size());
        assertEquals("m113", rest.get(0).member());
        assertEquals(T.plusSeconds(24), rest.get(11).deadline());
        assertEquals(List.of(), index.takeDue(T.plusSeconds(100), 100));
    }

    @Test
    void aDeadlineScheduledBeforeWhatWasAlreadyTakenIsStillFound() {
        index.schedule("a", T.plusSeconds(10));
        index.schedule("b", T.plusSeconds(20));
        assertEquals(List.of("a"), members(index.takeDue(T.plusSeconds(10), 100)));

        index.schedule("c", T.plusSeconds(5));

        assertEquals(List.of("c", "b"), members(index.takeDue(T.plusSeconds(30), 100)));
    }

    @Test
    void anEntryNotDueByItsOwnClockStaysAndIsTakenOnceItIs() {
        index.schedule("late", T.plusSeconds(1), "reporter-a");
        index.schedule("on-time", T.plusSeconds(2), "reporter-b");
        index.schedule("future", T.plusSeconds(60));

        assertEquals(List.of("on-time"), members(index.takeDue(T.plusSeconds(30), 100, d -> !d.tag().equals("reporter-a"))));
        index.schedule("early", T);

        assertEquals(List.of("early", "late"), members(index.takeDue(T.plusSeconds(30), 100)));
        assertEquals(List.of("future"), members(index.takeDue(T.plusSeconds(60), 100)));
    }

    @Test
    void aCancelledDeadlineIsNotTaken() {
        index.schedule("a", T.plusSeconds(1));
        index.schedule("b", T.plusSeconds(2));
        index.cancel("a", T.plusSeconds(1));

        assertEquals(List.of("b"), members(index.takeDue(T.plusSeconds(2), 100)));
    }
}
