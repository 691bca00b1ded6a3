package io.beliefstream.monitoring;

import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;

/**
 * Engine meters, read from {@link EngineStats} (so the engine's hot path touches no Micrometer object). The
 * supplier gives the current engine's stats, so a restarted engine keeps the same meters.
 */
public final class EngineMetrics implements MeterBinder {
    public static final String OBSERVATIONS = "beliefstream.engine.observations";
    public static final String RECORDS = "beliefstream.engine.records";
    public static final String PREDICTIONS = "beliefstream.engine.predictions";
    public static final String DEAD_LETTERS = "beliefstream.engine.dead.letters";
    public static final String BATCHES = "beliefstream.engine.batches";
    public static final String MODEL_STEPS = "beliefstream.engine.model.steps";
    public static final String ACTIVE_STREAMS = "beliefstream.streams.active";

    private final Supplier<EngineStats> stats;

    public EngineMetrics(Supplier<EngineStats> stats) {
        this.stats = stats;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(OBSERVATIONS, stats, s -> s.get().observationsIn())
                .description("Valid observations absorbed by the model").baseUnit("observations").register(registry);
        FunctionCounter.builder(RECORDS, stats, s -> s.get().recordsIn())
                .description("Records read from the observations topic, valid or not").baseUnit("records")
                .register(registry);
        FunctionCounter.builder(PREDICTIONS, stats, s -> s.get().predictionsOut())
                .description("Predictions published").baseUnit("predictions").register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            FunctionCounter.builder(DEAD_LETTERS, stats, s -> s.get().deadLetters(reason))
                    .description("Records sent to the dead-letter topic, by reason").tag("reason", reason.name())
                    .register(registry);
        }
        FunctionCounter.builder(BATCHES, stats, s -> s.get().batches())
                .description("Polled batches processed").register(registry);
        FunctionCounter.builder(MODEL_STEPS, stats, s -> s.get().modelSteps())
                .description("Batched model steps (one kernel call across streams each)").register(registry);
        Gauge.builder(ACTIVE_STREAMS, stats, s -> s.get().activeStreams())
                .description("Streams whose state this instance holds in memory").register(registry);
    }
}
