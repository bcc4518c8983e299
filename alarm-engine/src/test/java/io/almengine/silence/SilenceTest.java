package io.almengine.silence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SilenceTest {

    private static final Instant T = Instant.parse("2026-12-04T08:00:00Z");
    private static final Map<String, String> LABELS = Map.of("alertname", "ALM-24003", "alarmId", "24003",
            "severity", "major", "source", "cluster-a", "clientIp", "10.1.0.7");

    private static Silence silence(List<Matcher> matchers, Instant from, Instant to) {
        return new Silence("s1", matchers, from, to, null, "upgrade", "ops", T);
    }

    @Test
    void aSilenceIsPendingBeforeItsStartActiveUntilItsEndAndExpiredFromIt() {
        Silence s = silence(List.of(Matcher.of("source", "cluster-a", false, true)), T.plusSeconds(60), T.plusSeconds(120));
        assertEquals(SilenceState.PENDING, s.stateAt(T.plusSeconds(59)));
        assertEquals(SilenceState.ACTIVE, s.stateAt(T.plusSeconds(60)));
        assertEquals(SilenceState.ACTIVE, s.stateAt(T.plusSeconds(119)));
        assertEquals(SilenceState.EXPIRED, s.stateAt(T.plusSeconds(120)));
        assertFalse(s.mutes(LABELS, T.plusSeconds(59)));
        assertTrue(s.mutes(LABELS, T.plusSeconds(60)));
        assertFalse(s.mutes(LABELS, T.plusSeconds(120)));
    }

    @Test
    void matchersCompareEqualNotEqualAndWholeValueRegexes() {
        assertTrue(Matcher.of("severity", "major", false, true).matches(LABELS));
        assertFalse(Matcher.of("severity", "major", false, false).matches(LABELS));
        assertTrue(Matcher.of("severity", "critical|major", true, true).matches(LABELS));
        assertFalse(Matcher.of("severity", "maj", true, true).matches(LABELS), "a regex matches the whole value");
        assertTrue(Matcher.of("clientIp", "10\\.1\\..*", true, true).matches(LABELS));
        assertTrue(Matcher.of("serverHost", "x", false, false).matches(LABELS), "a missing label reads as empty");
        assertTrue(Matcher.of("serverHost", "", false, true).matches(LABELS));
    }

    @Test
    void everyMatcherMustMatch() {
        Silence s = silence(List.of(Matcher.of("source", "cluster-a", false, true),
                Matcher.of("alertname", "ALM-24101", false, true)), T, T.plusSeconds(60));
        assertFalse(s.mutes(LABELS, T));
    }

    @Test
    void expiringAPendingSilenceEndsItAtItsStartSoItNeverWasActive() {
        Silence s = silence(List.of(Matcher.of("source", "cluster-a", false, true)), T.plusSeconds(60), T.plusSeconds(120));
        Silence expired = s.expiredAt(T);
        assertEquals(T.plusSeconds(60), expired.endsAt());
        assertEquals(SilenceState.EXPIRED, expired.stateAt(T.plusSeconds(60)));
    }

    @Test
    void aRequestWithoutMatchersCommentOrTimesNamesEveryMissingField() throws Exception {
        var problems = new ArrayList<String>();
        assertNull(Silence.fromJson(Json.MAPPER.readTree("{\"matchers\":[]}"), "id", "ops", T, problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("matchers:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("comment:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("endsAt: required")), problems.toString());
    }

    @Test
    void aBadRegexOrDayIsNamedWithItsPlace() throws Exception {
        var problems = new ArrayList<String>();
        JsonNode body = Json.MAPPER.readTree("""
                {"matchers":[{"name":"source","value":"(","isRegex":true}],"comment":"x",
                 "schedule":{"days":["SON"],"start":"02:00","duration":"PT2H","zone":"Asia/Shanghai"}}""");
        assertNull(Silence.fromJson(body, "id", "ops", T, problems));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("matchers[0].source: not a regular expression")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("schedule.days:")), problems.toString());
    }

    @Test
    void aStoredSilenceReadsBackTheSame() {
        Silence s = silence(List.of(Matcher.of("source", "cluster-.*", true, true)), T, T.plusSeconds(60));
        Silence back = Silence.stored(s.toJson(T).toString().getBytes()).orElseThrow();
        assertEquals(s, back);
    }

    @Test
    void aMaintenanceWindowSilencesOnlyInsideItsWindows() throws Exception {
        JsonNode body = Json.MAPPER.readTree("""
                {"matchers":[{"name":"source","value":"cluster-a"}],"comment":"weekly upgrade",
                 "schedule":{"days":["SUN"],"start":"02:00","duration":"PT2H","zone":"Asia/Shanghai"}}""");
        var problems = new ArrayList<String>();
        Silence window = Silence.fromJson(body, "w1", "ops", T, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(SilenceState.ACTIVE, window.stateAt(T));
        assertFalse(window.mutes(LABELS, Instant.parse("2026-12-05T17:59:59Z")));
        assertTrue(window.mutes(LABELS, Instant.parse("2026-12-05T18:00:00Z")));
        assertFalse(window.mutes(LABELS, Instant.parse("2026-12-05T20:00:00Z")));
        assertEquals(window, Silence.stored(window.toJson(T).toString().getBytes()).orElseThrow());
    }
}
