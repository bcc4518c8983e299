package io.almengine.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;
import java.util.Set;

/**
 * Keeps the scrape within Prometheus' conventions, so it passes {@code promtool check metrics},
 * where Kafka's clients and Micrometer's binders name meters otherwise:
 * <ul>
 * <li>times counted in nanoseconds or milliseconds ({@code kafka_consumer_io_time_ns_total},
 *     {@code process_cpu_time_ns_total}, {@code kafka_app_info_start_time_ms}) are left out:
 *     Prometheus wants seconds, and a name cannot convert a value read from Kafka's own metric;</li>
 * <li>a gauge does not end in {@code _count} ({@code kafka_producer_connection_count} →
 *     {@code kafka_producer_connections}, {@code system_cpu_count} → {@code system_cpus});</li>
 * <li>a meter without a description gets one.</li>
 * </ul>
 */
final class PromtoolNames implements MeterFilter {

    private static final Set<String> SUB_SECOND_UNITS = Set.of("ns", "ms", "us", "nanoseconds", "milliseconds",
            "microseconds");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean subSecond = (id.getBaseUnit() != null && SUB_SECOND_UNITS.contains(id.getBaseUnit()))
                || Arrays.stream(id.getName().split("[._]")).anyMatch(SUB_SECOND_UNITS::contains);
        return subSecond ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        if (name.endsWith(".count") && id.getType() != Meter.Type.TIMER
                && id.getType() != Meter.Type.DISTRIBUTION_SUMMARY) {
            name = name.substring(0, name.length() - ".count".length()) + "s";
        }
        String description = id.getDescription() == null || id.getDescription().isBlank()
                ? id.getName() + " (no description given by its source)" : id.getDescription();
        return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
    }
}
