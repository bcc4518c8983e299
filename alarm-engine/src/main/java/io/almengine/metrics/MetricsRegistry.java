package io.almengine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One engine's metrics: a Prometheus registry with the JVM's metrics bound, which the components
 * add theirs to, scraped in the Prometheus text format. Binders that run threads of their own are
 * closed with it.
 */
public final class MetricsRegistry implements AutoCloseable {

    /** The Prometheus text format, version 0.0.4: what {@link #scrape} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    public MetricsRegistry() {
        registry.config().meterFilter(new PromtoolNames());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        toClose.push(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Closes {@code binder} (its refresh thread) with the registry. */
    public void closeWithRegistry(AutoCloseable binder) {
        toClose.push(binder);
    }

    /** Writes every metric in the Prometheus text format. */
    public void scrape(OutputStream out) throws IOException {
        var buffered = new BufferedOutputStream(out, 32 * 1024);
        registry.scrape(buffered);
        buffered.flush();
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                // closing: nothing more to do with a binder that fails to stop
            }
        }
        registry.close();
    }
}
