/**
 * The metrics registry behind {@code GET /metrics} (Micrometer with its Prometheus registry) and
 * the process-wide metrics (JVM). Each component registers its own metrics next to its code
 * ({@code AlarmMetrics}, {@code PipelineMetrics}, …), reading the counters it keeps anyway, so
 * nothing is counted twice. Counts only: no alarm parameter is ever a label.
 */
package io.almengine.metrics;
