package io.beliefstream.monitoring;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service's meter registry (Prometheus) with the JVM and process binders bound; components add theirs with
 * {@link #bind(MeterBinder)}. Every meter carries the common tag {@code service=beliefstream}. Meter names and what
 * they mean: docs/metrics.md.
 */
public final class Monitoring implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<ModelMetrics> refreshed = new CopyOnWriteArrayList<>();
    /**
     * Every bound binder, kept reachable: Micrometer's function counters hold their source object only weakly, and a
     * collected source turns the meter into NaN.
     */
    private final List<MeterBinder> binders = new CopyOnWriteArrayList<>();

    public Monitoring() {
        registry.config().commonTags("service", "beliefstream");
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Binds a component's meters; returns the binder. */
    public <B extends MeterBinder> B bind(B binder) {
        binder.bindTo(registry);
        binders.add(binder);
        if (binder instanceof ModelMetrics m) {
            refreshed.add(m);
        }
        return binder;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Brings meters whose set of rows can change (models after a hot swap) up to date. */
    public void refresh() {
        refreshed.forEach(ModelMetrics::refresh);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
