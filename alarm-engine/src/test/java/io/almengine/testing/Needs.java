package io.almengine.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A test's requirement on the machine. On a developer's machine a missing tool skips the test;
 * in CI ({@code CI=true}, as {@code .ci/run} runs) it fails it, so a broken install step shows
 * as a red build instead of a green one that tested less.
 */
public final class Needs {

    private Needs() {
    }

    public static void tool(boolean present, String what) {
        tool(present, what, System.getenv("CI"));
    }

    static void tool(boolean present, String what, String ciVariable) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(ciVariable)) {
            fail("CI=true and this test needs " + what);
        }
        assumeTrue(false, "needs " + what);
    }
}
