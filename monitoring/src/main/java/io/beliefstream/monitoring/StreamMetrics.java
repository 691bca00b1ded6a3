package io.beliefstream.monitoring;

import io.beliefstream.streams.EngineStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;

/** Per-stream state meters of one instance: streams held in memory, evicted, restored. Never one tag per stream. */
public final class StreamMetrics implements MeterBinder {
    public static final String ACTIVE = "beliefstream.streams.active";
    public static final String EVICTED = "beliefstream.streams.evicted";
    public static final String RESTORED = "beliefstream.streams.restored";

    private final Supplier<EngineStats> stats;

    public StreamMetrics(Supplier<EngineStats> stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(ACTIVE, stats, s -> s.get().activeStreams()).strongReference(true)
                .description("Streams whose state this instance holds in memory").register(registry);
        FunctionCounter.builder(EVICTED, stats, s -> s.get().streamsEvicted())
                .description("Streams removed from memory (idle eviction or partition revocation)")
                .register(registry);
        FunctionCounter.builder(RESTORED, stats, s -> s.get().streamsRestored())
                .description("Streams whose state was read back from the state topic")
                .register(registry);
    }
}
