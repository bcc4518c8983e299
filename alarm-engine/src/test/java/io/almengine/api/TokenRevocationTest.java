package io.almengine.api;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.auth.Principal;
import io.almengine.auth.Role;
import io.almengine.auth.TokenAdmin;
import io.almengine.auth.TokenRecord;
import io.almengine.auth.TokenRegistry;
import io.almengine.model.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The token endpoints against the token registry with the mirror of {@code alm.tokens} under the
 * test's control: the mirror always lags the instance's own writes a little, and whatever order
 * it catches up in, a revoked token must not work again and an issued one must not stop working.
 * (Over HTTP on a real broker the same lag shows up only now and then; here it is made certain.)
 */
class TokenRevocationTest {

    private static final String TOPIC = "alm.tokens";
    private static final Principal ADMIN = new Principal("admin", Role.ADMIN);

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final TokenRegistry registry = new TokenRegistry();
    private final TokenEndpoints endpoints = new TokenEndpoints(
            new TokenAdmin(producer, TOPIC, registry, Clock.fixed(T0, ZoneOffset.UTC)), registry);
    /** How many records of the topic the simulated mirror has handed to the registry. */
    private int mirrored = 0;

    private String issue(String name, String role) {
        String body = "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}";
        Reply reply = endpoints.create(new Call(ADMIN, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(201, reply.status());
        return (String) ((Map<?, ?>) reply.body()).get("token");
    }

    private void revoke(String name) {
        assertEquals(200, endpoints.revoke(new Call(ADMIN, Map.of("name", name), Map.of(), new byte[0])).status());
    }

    /** The mirror hands over the next record of the topic, as it would, in topic order. */
    private void mirrorReadsOneMore() {
        ProducerRecord<String, byte[]> record = producer.history().get(mirrored++);
        registry.accept(record.key(), record.value());
    }

    private boolean works(String token) {
        return registry.authenticate(token).isPresent();
    }

    @Test
    void aRevokedTokenStaysRevokedWhileTheMirrorCatchesUpWithItsIssue() {
        String token = issue("short-lived", "viewer");
        revoke("short-lived");
        assertFalse(works(token), "revoked at once");

        mirrorReadsOneMore(); // the record that issued it
        assertFalse(works(token), "the mirror's older record must not bring the token back");
        mirrorReadsOneMore(); // the tombstone
        assertFalse(works(token));
        assertFalse(registry.knows("short-lived"));
    }

    @Test
    void anIssuedTokenWorksAtOnceAndWhileTheMirrorCatchesUp() {
        String token = issue("steady", "operator");
        assertEquals(Optional.of(new Principal("steady", Role.OPERATOR)), registry.authenticate(token));
        mirrorReadsOneMore();
        assertTrue(works(token));
    }

    @Test
    void aNameIssuedAgainBeforeTheMirrorCaughtUpKeepsOnlyItsNewToken() {
        String first = issue("reissued", "viewer");
        revoke("reissued");
        String second = issue("reissued", "viewer");
        for (int i = 0; i < 3; i++) {
            assertFalse(works(first), "after " + i + " mirrored records");
            assertTrue(works(second), "after " + i + " mirrored records");
            mirrorReadsOneMore();
        }
        assertFalse(works(first));
        assertTrue(works(second));
    }

    @Test
    void tokensWrittenByAnotherInstanceStillArriveThroughTheMirror() throws Exception {
        String token = TokenRegistry.newToken();
        byte[] record = Json.MAPPER.writeValueAsBytes(
                new TokenRecord("elsewhere", Role.VIEWER, TokenRegistry.sha256(token), T0));
        registry.accept("elsewhere", record);
        assertTrue(works(token));
        registry.accept("elsewhere", null);
        assertFalse(works(token));
    }

    @Test
    void aRevocationByAnotherInstanceArrivesAfterThisOneCaughtUp() {
        String token = issue("shared", "viewer");
        mirrorReadsOneMore();
        registry.accept("shared", null); // another instance revoked it
        assertFalse(works(token));
    }
}
