package io.almengine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.almengine.model.Json;
import io.almengine.testing.EngineProcess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench-api} as documented, on a small fleet: it runs and ends with its figures as one JSON line. */
class BenchApiIT {

    @Test
    void printsFirstPageFiguresAsJsonOnItsLastLine() throws Exception {
        EngineProcess.Result run = EngineProcess.runToExit("bench-api", "--alarms", "2000", "--requests", "50",
                "--warmup", "10");
        assertEquals(0, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        JsonNode figures = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        assertEquals(2000, figures.path("alarms").asInt());
        assertTrue(figures.path("firstPageP50Ms").isNumber(), figures.toString());
        assertTrue(figures.path("firstPageP99Ms").asDouble() >= figures.path("firstPageP50Ms").asDouble());
        assertTrue(figures.path("queries").has("freeTextFirstPage"), figures.toString());
    }
}
