/**
 * Micrometer wiring: {@link io.beliefstream.monitoring.Monitoring} (the Prometheus registry with JVM and process
 * binders) and one {@link io.micrometer.core.instrument.binder.MeterBinder} per component:
 * {@link io.beliefstream.monitoring.EngineMetrics}, {@link io.beliefstream.monitoring.StreamMetrics},
 * {@link io.beliefstream.monitoring.ModelMetrics} (over {@link io.beliefstream.monitoring.ModelStatsSource}); and
 * {@link io.beliefstream.monitoring.MetricsSnapshotPublisher}, periodic JSON snapshots to the metrics topic. Meter
 * names are lowercase dot names (Prometheus shows them with underscores), each with a description; tags are bounded
 * (never one value per stream). Every name is listed in docs/metrics.md.
 */
package io.beliefstream.monitoring;
