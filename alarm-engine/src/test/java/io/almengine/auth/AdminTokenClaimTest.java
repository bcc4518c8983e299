package io.almengine.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances started at the same moment on a fresh cluster each find the name "admin" free and
 * take it for their first admin token. The topic keeps the last record of a name: without more,
 * the later instance's token replaced the earlier one's everywhere, and the earlier instance's
 * operators were locked out. Here the instances share one topic whose mirrors are run by hand.
 */
class AdminTokenClaimTest {

    private static final String TOPIC = "alm.tokens";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T05:00:00Z"), ZoneOffset.UTC);

    /** One topic for every instance: the producer's history is the topic, in order. */
    private final MockProducer<String, byte[]> topic =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());

    @TempDir
    Path dir;

    /** An instance: its registry, what its mirror has read of the topic, its admin. */
    private final class Instance {
        final TokenRegistry registry = new TokenRegistry();
        final TokenAdmin admin = new TokenAdmin(topic, TOPIC, registry, CLOCK);
        final Path tokenFile;
        int mirrored;

        Instance(String name) {
            tokenFile = dir.resolve(name).resolve("admin.token");
        }

        String token() throws IOException {
            return Files.readString(tokenFile).trim();
        }

        boolean readOneMore() {
            if (mirrored >= topic.history().size()) {
                return false;
            }
            ProducerRecord<String, byte[]> record = topic.history().get(mirrored++);
            registry.accept(record.key(), record.value());
            return true;
        }
    }

    /** Every mirror reads the topic to its end, one record in turn, including what reading it makes others write. */
    private static void mirrorsCatchUp(List<Instance> instances) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Instance i : instances) {
                moved |= i.readOneMore();
            }
        }
    }

    private static String nameOf(Instance at, String token) {
        return at.registry.authenticate(token).orElseThrow(() -> new AssertionError("token unknown")).name();
    }

    @Test
    void twoInstancesStartingTogetherKeepBothAdminTokensAndTheFirstKeepsTheName() throws IOException {
        var first = new Instance("first");
        var second = new Instance("second");
        first.admin.ensureAdminToken(first.tokenFile);
        second.admin.ensureAdminToken(second.tokenFile);
        mirrorsCatchUp(List.of(first, second));

        for (Instance at : List.of(first, second)) {
            assertEquals("admin", nameOf(at, first.token()));
            assertTrue(nameOf(at, second.token()).startsWith("admin-"), nameOf(at, second.token()));
        }
    }

    @Test
    void threeInstancesStartingTogetherAllKeepTheirTokens() throws IOException {
        var instances = new ArrayList<Instance>();
        for (String name : List.of("a", "b", "c")) {
            var i = new Instance(name);
            i.admin.ensureAdminToken(i.tokenFile);
            instances.add(i);
        }
        mirrorsCatchUp(instances);

        for (Instance at : instances) {
            assertEquals("admin", nameOf(at, instances.get(0).token()));
            assertNotEquals("admin", nameOf(at, instances.get(1).token()));
            assertNotEquals("admin", nameOf(at, instances.get(2).token()));
            assertNotEquals(nameOf(at, instances.get(1).token()), nameOf(at, instances.get(2).token()));
        }
    }

    @Test
    void anInstanceStartingAfterTheFirstTakesTheLongerNameAtOnce() throws IOException {
        var first = new Instance("first");
        first.admin.ensureAdminToken(first.tokenFile);
        var later = new Instance("later");
        mirrorsCatchUp(List.of(first, later));
        later.admin.ensureAdminToken(later.tokenFile);
        mirrorsCatchUp(List.of(first, later));

        assertEquals(2, topic.history().size(), "the first's 'admin' and the later one's own name, nothing taken back");
        assertEquals("admin", nameOf(later, first.token()));
        assertTrue(nameOf(first, later.token()).startsWith("admin-"));
    }
}
