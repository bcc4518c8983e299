package io.almengine.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.engine.Engine;
import io.almengine.testing.EngineHarness;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one engine on the same Kafka: a token issued on one works on the other, and a
 * token revoked on one stops working on the other, open event streams included, within a second.
 */
class RevocationEverywhereTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static EngineHarness harness;
    private static Engine other;
    private static ApiClient first;
    private static ApiClient second;

    @BeforeAll
    static void startTwoInstances() {
        harness = new EngineHarness().start();
        other = harness.startAnotherInstance();
        first = ApiClient.at(harness.engine().httpPort(), harness.adminToken());
        second = ApiClient.at(other.httpPort(), harness.adminToken());
    }

    @AfterAll
    static void stop() {
        if (other != null) {
            other.close();
        }
        harness.close();
    }

    private static String issueOnFirst(String name) {
        var answer = first.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"operator\"}");
        assertEquals(201, answer.status(), answer.body().toString());
        return answer.body().get("token").asText();
    }

    @Test
    void aTokenIssuedOnOneInstanceWorksOnTheOtherWithinASecond() {
        String token = issueOnFirst("shared-ops");
        await().atMost(SECOND).pollInterval(Duration.ofMillis(20))
                .until(() -> second.as(token).get("/api/session").status() == 200);
        assertEquals("shared-ops", second.as(token).get("/api/session").body().get("name").asText());
    }

    @Test
    void aTokenRevokedOnOneInstanceStopsWorkingOnTheOtherWithinASecond() throws Exception {
        String token = issueOnFirst("leaving-ops");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.as(token).get("/api/alarms").status() == 200);
        try (var stream = EventStreamClient.open(other.httpPort(), "/api/stream", token, null)) {
            assertEquals(200, stream.status());
            assertEquals("ready", stream.next(Duration.ofSeconds(10)).name());

            assertEquals(200, first.delete("/api/tokens/leaving-ops").status());
            long revoked = System.nanoTime();
            await().atMost(SECOND).pollInterval(Duration.ofMillis(10))
                    .until(() -> second.as(token).get("/api/alarms").status() == 401);
            assertTrue(stream.endsWithin(SECOND.minusNanos(System.nanoTime() - revoked)),
                    "the other instance ends the revoked token's stream within a second");
        }
        // And it stays revoked there while both instances' copies of the tokens topic settle.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> second.as(token).get("/api/alarms").status() == 401
                        && first.as(token).get("/api/alarms").status() == 401);
    }

    @Test
    void anInstanceStartedWithoutTheAdminTokenLeavesTheFirstOneWorking() throws Exception {
        try (Engine third = harness.startAnotherInstanceWithoutTheAdminToken()) {
            String own = Files.readString(third.adminTokenFile()).trim();
            assertEquals(200, ApiClient.at(third.httpPort(), own).get("/api/session").status());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> first.get("/api/session").status() == 200
                            && ApiClient.at(third.httpPort(), harness.adminToken()).get("/api/session").status() == 200);
        }
    }
}
