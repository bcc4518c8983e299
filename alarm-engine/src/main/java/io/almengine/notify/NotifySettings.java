package io.almengine.notify;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The notification stage's settings (defaults in {@code EngineConfig.defaults()}).
 *
 * @param file            notifications.yaml
 * @param fileRequired    whether a missing file is an error (named with {@code --notifications}) or
 *                        means no notifications (the default location)
 * @param externalUrl     the base of every link in a message; {@code null}: the engine's own address
 * @param retryFirst      the first back-off after a failed try, doubled each time (with jitter)
 * @param retryMax        the longest back-off
 * @param inFlightTimeout after this long without an outcome, a message is handed over again
 * @param senderThreads   how many messages (of different receivers) may be under way at once
 */
public record NotifySettings(Path file, boolean fileRequired, String externalUrl, Duration retryFirst,
                             Duration retryMax, Duration inFlightTimeout, int senderThreads) {

    public NotifySettings withFile(Path value, boolean required) {
        return new NotifySettings(value, required, externalUrl, retryFirst, retryMax, inFlightTimeout, senderThreads);
    }

    public NotifySettings withExternalUrl(String value) {
        return new NotifySettings(file, fileRequired, value, retryFirst, retryMax, inFlightTimeout, senderThreads);
    }

    public NotifySettings withRetry(Duration first, Duration max) {
        return new NotifySettings(file, fileRequired, externalUrl, first, max, inFlightTimeout, senderThreads);
    }
}
