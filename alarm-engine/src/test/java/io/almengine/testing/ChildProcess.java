package io.almengine.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending the processes tests start: politely first, so they can shut down as a user's would. */
final class ChildProcess {

    private ChildProcess() {
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye beyond what the kernel does. */
    static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, and SIGKILL if it has not ended within {@code grace}. */
    static void stop(Process process, Duration grace) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
            }
        }
    }
}
