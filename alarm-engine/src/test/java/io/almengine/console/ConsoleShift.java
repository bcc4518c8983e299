package io.almengine.console;

import io.almengine.api.ApiClient;
import io.almengine.testing.EngineHarness;
import io.almengine.testing.Needs;
import java.io.IOException;
import java.nio.file.Path;
import org.openqa.selenium.Dimension;

/**
 * One operator's shift at the console: a started engine, an operator token of that name, and a
 * headless Chromium on the console. A browser test class opens one before all its tests and
 * closes it after them.
 */
record ConsoleShift(EngineHarness harness, ConsolePage page, String operatorToken) implements AutoCloseable {

    /** Starts {@code harness}, makes the operator's token and opens the console at {@code size}. */
    static ConsoleShift start(EngineHarness harness, String operator, Dimension size, Path downloads) throws IOException {
        Needs.tool(ConsolePage.browserInstalled(), "Debian's chromium and chromium-driver (.ci/run installs them)");
        harness.start();
        try {
            String token = ApiClient.at(harness.engine().httpPort(), harness.adminToken())
                    .post("/api/tokens", "{\"name\":\"" + operator + "\",\"role\":\"operator\"}").body()
                    .get("token").asText();
            return new ConsoleShift(harness, ConsolePage.open(harness.engine().httpPort(), size, downloads), token);
        } catch (IOException | RuntimeException e) {
            harness.close();
            throw e;
        }
    }

    /** The admin's client on this engine. */
    ApiClient admin() {
        return ApiClient.at(harness.engine().httpPort(), harness.adminToken());
    }

    @Override
    public void close() {
        try {
            page.close();
        } finally {
            harness.close();
        }
    }
}
