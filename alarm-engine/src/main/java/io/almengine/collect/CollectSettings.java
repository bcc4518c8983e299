package io.almengine.collect;

import java.time.ZoneId;
import java.util.List;

/**
 * How bundles are cut and capped; the defaults are in {@code EngineConfig.defaults()}.
 *
 * @param maxBundleBytes  content bytes one bundle may hold; beyond, files are truncated or left out, as the manifest says
 * @param secretPatterns  regular expressions of secrets to mask: the named group {@code secret}, or the whole match
 * @param logZone         the zone of log timestamps that carry no offset (log4j, Flume, syslog): the log hosts' zone
 */
public record CollectSettings(long maxBundleBytes, List<String> secretPatterns, ZoneId logZone) {

    public CollectSettings {
        secretPatterns = List.copyOf(secretPatterns);
    }

    public CollectSettings withMaxBundleBytes(long value) {
        return new CollectSettings(value, secretPatterns, logZone);
    }

    public CollectSettings withLogZone(ZoneId value) {
        return new CollectSettings(maxBundleBytes, secretPatterns, value);
    }
}
