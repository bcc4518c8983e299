package io.almengine.collect;

import io.almengine.definition.AlarmDefinition;
import io.almengine.definition.AlarmDefinition.LogSource;
import io.almengine.model.Alarm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What to collect: the definition's sources, in the window around {@code at}.
 *
 * @param alarm     what the bundle is for, as the manifest shows it
 * @param at        the alarm's time (when it occurred)
 * @param createdBy the token name, or the CLI
 */
public record BundleRequest(Map<String, Object> alarm, Instant at, Duration before, Duration after,
                            List<LogSource> sources, String createdBy) {

    public BundleRequest {
        alarm = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(alarm));
        sources = List.copyOf(sources);
    }

    public Window window() {
        return Window.around(at, before, after);
    }

    /** A bundle for an alarm: the definition's sources and window around the alarm's time. */
    public static BundleRequest forAlarm(Alarm alarm, AlarmDefinition definition, String createdBy) {
        var summary = new java.util.LinkedHashMap<String, Object>();
        summary.put("serialNo", alarm.serialNo());
        summary.put("alarmId", alarm.alarmId());
        summary.put("code", definition.code());
        summary.put("name", alarm.name());
        summary.put("nameZh", alarm.nameZh());
        summary.put("severity", alarm.severity());
        summary.put("state", alarm.state());
        summary.put("occurredAt", alarm.occurredAt());
        summary.put("clearedAt", alarm.clearedAt());
        summary.put("params", alarm.params());
        return new BundleRequest(summary, alarm.occurredAt(), definition.logBundle().before(),
                definition.logBundle().after(), definition.logBundle().sources(), createdBy);
    }

    /** A bundle for an alarm type at a time, where no engine (and so no alarm record) is at hand. */
    public static BundleRequest forType(AlarmDefinition definition, Instant at, Duration before, Duration after,
                                        String createdBy) {
        var summary = new java.util.LinkedHashMap<String, Object>();
        summary.put("alarmId", definition.id());
        summary.put("code", definition.code());
        summary.put("name", definition.name());
        summary.put("nameZh", definition.nameZh());
        summary.put("at", at);
        return new BundleRequest(summary, at, before, after, definition.logBundle().sources(), createdBy);
    }
}
