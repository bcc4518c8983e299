package io.almengine.ingest;

import static io.almengine.testing.EngineHarness.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.almengine.definition.DefinitionCatalog;
import io.almengine.model.ConnectionEvent;
import io.almengine.model.Json;
import io.almengine.model.Watermark;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.FlumeLink;
import io.almengine.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code reporter} field and the {@code WATERMARK} type, checked like every other field. */
class ReporterAndWatermarkParsingTest {

    private static EventParser parser;
    private final FlumeLink link = FlumeLink.fresh();

    @BeforeAll
    static void loadDefinitions() {
        DefinitionCatalog catalog = DefinitionCatalog.load(EngineHarness.repoFolder("alarm-definitions"),
                EngineHarness.repoFolder("runbooks"));
        parser = new EventParser(catalog, new MutableClock(T0), Duration.ofMinutes(5), 64 * 1024);
    }

    private static EventJson watermark() {
        return EventJson.empty().with("type", "WATERMARK").with("reporter", "probe:flume-srv-1:21154")
                .with("time", T0.toString());
    }

    private static List<String> problems(EventJson json) {
        return assertInstanceOf(ParseResult.Invalid.class, parser.parse(json.bytes())).problems();
    }

    @Test
    void aWatermarkIsTypeTimeAndReporter() {
        ParseResult result = parser.parse(watermark().bytes());
        assertEquals(new Watermark("probe:flume-srv-1:21154", T0),
                assertInstanceOf(ParseResult.ValidWatermark.class, result).watermark());
    }

    @Test
    void aWatermarkAsTheEngineAndTheProbeWriteItReadsBack() throws Exception {
        var sent = new Watermark("probe:a", T0.minusNanos(1));
        byte[] bytes = Json.MAPPER.writeValueAsBytes(sent);
        assertEquals("{\"type\":\"WATERMARK\",\"reporter\":\"probe:a\",\"time\":\"2026-11-20T07:59:59.999999999Z\"}",
                new String(bytes, StandardCharsets.UTF_8));
        assertEquals(sent, ((ParseResult.ValidWatermark) parser.parse(bytes)).watermark());
    }

    @Test
    void aWatermarkWithoutAReporterIsRefusedNamingIt() {
        List<String> problems = problems(watermark().without("reporter"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("reporter: is required in a WATERMARK"), problems.toString());
        assertTrue(problems(watermark().with("reporter", " ")).get(0).startsWith("reporter: must not be blank"));
    }

    @Test
    void aWatermarkCarriesNothingOfAConnection() {
        List<String> problems = problems(watermark().with("component", "flume").with("clientIp", "10.0.0.1"));
        assertEquals(List.of(
                "component: is not part of a WATERMARK, which carries only type, time and reporter",
                "clientIp: is not part of a WATERMARK, which carries only type, time and reporter"), problems);
    }

    @Test
    void aWatermarkTimeIsCheckedAsAnEventsIs() {
        assertTrue(problems(watermark().with("time", "soon")).get(0).startsWith("time: 'soon' is not an ISO-8601"));
        assertTrue(problems(watermark().with("time", T0.plus(Duration.ofMinutes(6)).toString())).get(0)
                .startsWith("time: is more than PT5M ahead of the engine's clock"));
        assertTrue(problems(watermark().without("time")).get(0).startsWith("time: is required"));
    }

    @Test
    void theReporterFollowsTheRulesOfEveryTextField() {
        for (EventJson json : List.of(watermark(), EventJson.of(link.disconnected(T0)))) {
            assertTrue(problems(json.with("reporter", "a|b")).get(0).startsWith("reporter: must not contain '|'"));
            assertTrue(problems(json.with("reporter", "p".repeat(257))).get(0)
                    .startsWith("reporter: longer than 256 characters"));
            assertTrue(problems(json.with("reporter", 7)).get(0).startsWith("reporter: must be a string"));
        }
    }

    @Test
    void anEventKeepsItsReporterOnTheQuickPassAndTheTreeAlike() {
        ConnectionEvent sent = link.disconnected(T0.minusSeconds(1)).withReporter("probe:flume-srv-1:21154");
        byte[] plain = EventJson.of(sent).bytes();
        assertEquals(sent, ((ParseResult.Valid) parser.parse(plain)).event());
        assertEquals(sent, ((ParseResult.Valid) parser.parseTree(plain)).event());
        byte[] escaped = EventJson.of(sent).json().replace("probe:", "probe\\u003a").getBytes(StandardCharsets.UTF_8);
        assertEquals(sent, ((ParseResult.Valid) parser.parse(escaped)).event(), "read by the tree");
        assertEquals("", ((ParseResult.Valid) parser.parse(EventJson.of(link.connected(T0)).bytes())).event().reporter(),
                "optional: an event without one is vouched for by no watermark");
        assertFalse(EventJson.of(link.connected(T0)).json().contains("reporter"), "and written as before reporters");
    }

    @Test
    void anUnknownTypeListsWatermarkAmongTheKnownOnes() {
        assertEquals("type: unknown type 'LATER' (CONNECTED, DISCONNECTED, HEARTBEAT, WATERMARK)",
                problems(EventJson.of(link.connected(T0)).with("type", "LATER")).get(0));
    }
}
