package io.almengine.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class NeedsTest {

    @Test
    void aMissingToolFailsTheTestInCi() {
        assertThrows(AssertionFailedError.class, () -> Needs.tool(false, "chromium", "true"));
    }

    @Test
    void aMissingToolSkipsTheTestOnADevelopersMachine() {
        assertThrows(TestAbortedException.class, () -> Needs.tool(false, "chromium", null));
    }

    @Test
    void aPresentToolLetsTheTestRunEverywhere() {
        Needs.tool(true, "chromium", "true");
        Needs.tool(true, "chromium", null);
    }
}
