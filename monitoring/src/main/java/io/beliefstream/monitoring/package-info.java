/**
 * Micrometer wiring: one {@link io.micrometer.core.instrument.binder.MeterBinder} per component, a Prometheus
 * registry for {@code /metrics}. Meter names are lowercase dot names (Prometheus shows them with underscores), each
 * with a description; tags are bounded (never one value per stream).
 */
package io.beliefstream.monitoring;
