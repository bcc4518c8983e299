package io.almengine.engine;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The pipeline's metrics, read from what the engine keeps anyway ({@link PipelineStats}, health,
 * Kafka Streams' own metrics): events in by result, dead letters by reason, records that failed,
 * rule evaluations, how far behind the deadline sweep and the consumers are, and whether the
 * pipeline is up. Kafka Streams' metrics are bound too ({@code kafka_stream_*}, {@code kafka_consumer_*}…).
 */
final class PipelineMetrics {

    private PipelineMetrics() {
    }

    /**
     * @param up        what {@code /api/health} says of the pipeline and broker
     * @param streams   the pipeline now (a reload replaces it)
     * @param sweepLag  how far behind the engine's clock the slowest owned partition's deadline sweep is
     */
    static void register(MeterRegistry registry, PipelineStats stats, Supplier<KafkaStreams> streams, BooleanSupplier up,
                         Supplier<Duration> sweepLag) {
        FunctionCounter.builder("alm.events", stats, PipelineStats::eventsApplied)
                .description("Connection events by result: applied to a connection's state, or rejected to the dead-letter topic")
                .tag("result", "applied").register(registry);
        FunctionCounter.builder("alm.events", stats, PipelineStats::rejectedEvents)
                .description("Connection events by result: applied to a connection's state, or rejected to the dead-letter topic")
                .tag("result", "rejected").register(registry);
        FunctionCounter.builder("alm.dead.letters", stats, PipelineStats::rejectedEvents)
                .description("Records written to the dead-letter topic, by reason")
                .tag("reason", "invalid_event").register(registry);
        FunctionCounter.builder("alm.dead.letters", stats, s -> s.deadLetters() - s.rejectedEvents())
                .description("Records written to the dead-letter topic, by reason")
                .tag("reason", "record_failed").register(registry);
        FunctionCounter.builder("alm.record.errors", stats, PipelineStats::recordErrors)
                .description("Records that could not be read, processed or written (dead-lettered or skipped)")
                .register(registry);
        FunctionCounter.builder("alm.rule.evaluations", stats, PipelineStats::rulesEvaluated)
                .description("Times the rules were evaluated on a connection")
                .register(registry);
        Gauge.builder("alm.deadline.sweep.lag", sweepLag, s -> s.get().toMillis() / 1000.0)
                .description("How far behind the engine's clock the slowest owned partition's deadline sweep is")
                .baseUnit("seconds").strongReference(true).register(registry);
        Gauge.builder("alm.consumer.lag", streams, s -> consumerLag(s.get()))
                .description("Records the pipeline's consumers have yet to read, summed over their partitions")
                .baseUnit("records").strongReference(true).register(registry);
        Gauge.builder("alm.pipeline.up", up, u -> u.getAsBoolean() ? 1 : 0)
                .description("1 when the pipeline processes its partitions and the broker is reachable (as /api/health)")
                .strongReference(true).register(registry);
    }

    /**
     * Kafka Streams' own metrics, of this pipeline instance: a reload starts a new one and binds it
     * again. The binder refreshes on a thread of its own: close it with its pipeline.
     */
    static AutoCloseable bindStreams(MeterRegistry registry, KafkaStreams streams) {
        var kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        return kafka;
    }

    /** The main consumers' per-partition lag (not the restore consumer's), summed. */
    private static double consumerLag(KafkaStreams streams) {
        double lag = 0;
        try {
            for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                MetricName name = e.getKey();
                String client = name.tags().getOrDefault("client-id", "");
                if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                        && name.tags().containsKey("partition") && !client.endsWith("restore-consumer")
                        && e.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                    lag += value;
                }
            }
        } catch (RuntimeException e) {
            return Double.NaN; // stopping meanwhile
        }
        return lag;
    }
}
