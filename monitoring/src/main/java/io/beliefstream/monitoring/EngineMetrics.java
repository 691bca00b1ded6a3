package io.beliefstream.monitoring;

import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Engine meters. Counters and gauges are read from {@link EngineStats} (so the engine's hot path touches no
 * Micrometer object); timings arrive through the {@link EngineStats.Listener} this binder installs, and go into
 * timers and distribution summaries with client-side percentiles (0.5, 0.9, 0.99). The supplier gives the current
 * engine's stats, so a restarted engine keeps the same meters; call {@link #attach(EngineStats)} for a new engine
 * instance so that its timings reach the same timers. Names: docs/metrics.md.
 */
public final class EngineMetrics implements MeterBinder {
    public static final String OBSERVATIONS = "beliefstream.engine.observations";
    public static final String OBSERVATIONS_RATE = "beliefstream.engine.observations.rate";
    public static final String RECORDS = "beliefstream.engine.records";
    public static final String PREDICTIONS = "beliefstream.engine.predictions";
    public static final String DEAD_LETTERS = "beliefstream.engine.dead.letters";
    public static final String STATE_RESETS = "beliefstream.engine.state.resets";
    public static final String RECOVERIES = "beliefstream.engine.recoveries";
    public static final String BATCHES = "beliefstream.engine.batches";
    public static final String BATCH_SIZE = "beliefstream.engine.batch.size";
    public static final String BATCH_LATENCY = "beliefstream.engine.batch.latency";
    public static final String MODEL_STEPS = "beliefstream.engine.model.steps";
    public static final String STEP_LATENCY = "beliefstream.engine.step.latency";
    public static final String STEP_STREAMS = "beliefstream.engine.step.streams";
    public static final String COMMIT_LATENCY = "beliefstream.engine.commit.latency";
    public static final String CONSUMER_LAG = "beliefstream.engine.consumer.lag";
    /** Published percentiles of the timers and summaries. */
    public static final double[] PERCENTILES = {0.5, 0.9, 0.99};
    /** Window of the observations-per-second gauge. */
    public static final long RATE_WINDOW_MILLIS = 10_000;

    private final Supplier<EngineStats> stats;
    private final Clock clock;
    private Listener listener;

    public EngineMetrics(Supplier<EngineStats> stats) {
        this(stats, Clock.SYSTEM);
    }

    /** With an injectable clock (tests use Micrometer's {@code MockClock}) for the rate gauge. */
    public EngineMetrics(Supplier<EngineStats> stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(OBSERVATIONS, stats, s -> s.get().observationsIn())
                .description("Valid observations absorbed by the model").baseUnit("observations").register(registry);
        RateSampler rate = new RateSampler(clock, RATE_WINDOW_MILLIS);
        Gauge.builder(OBSERVATIONS_RATE, stats, s -> rate.rate(s.get().observationsIn())).strongReference(true)
                .description("Valid observations absorbed per second, over the last 10 s")
                .register(registry);
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
        FunctionCounter.builder(STATE_RESETS, stats, s -> s.get().stateResets())
                .description("Stream states re-initialised because a model step left them non-finite or failed")
                .register(registry);
        FunctionCounter.builder(RECOVERIES, stats, s -> s.get().recoveries())
                .description("Recoveries from a broker outage or another retriable Kafka error: producer renewed, "
                        + "partitions rewound to their committed offsets")
                .register(registry);
        FunctionCounter.builder(BATCHES, stats, s -> s.get().batches())
                .description("Polled batches processed").register(registry);
        FunctionCounter.builder(MODEL_STEPS, stats, s -> s.get().modelSteps())
                .description("Batched model steps (one kernel call across streams each)").register(registry);
        Gauge.builder(CONSUMER_LAG, stats, s -> s.get().consumerLag()).strongReference(true)
                .description("Records in the owned partitions of the observations topic not yet consumed")
                .register(registry);
        listener = new Listener(
                Timer.builder(STEP_LATENCY).description("Time of one batched model step (all streams of the step)")
                        .publishPercentiles(PERCENTILES).register(registry),
                DistributionSummary.builder(STEP_STREAMS).description("Streams stepped together in one model step")
                        .baseUnit("streams").publishPercentiles(PERCENTILES).register(registry),
                Timer.builder(BATCH_LATENCY).description("Time to process and publish one polled batch, decode to "
                        + "broker acknowledgement").publishPercentiles(PERCENTILES).register(registry),
                DistributionSummary.builder(BATCH_SIZE).description("Records per polled batch")
                        .publishPercentiles(PERCENTILES).register(registry),
                Timer.builder(COMMIT_LATENCY).description("Time to commit one batch (offsets, or the Kafka "
                        + "transaction)").publishPercentiles(PERCENTILES).register(registry));
        attach(stats.get());
    }

    /** Routes the timing events of {@code engine} to this binder's timers (after an engine restart). */
    public void attach(EngineStats engine) {
        if (listener == null) {
            throw new IllegalStateException("bindTo(registry) first");
        }
        engine.setListener(listener);
    }

    private record Listener(Timer step, DistributionSummary stepStreams, Timer batch, DistributionSummary batchSize,
            Timer commit) implements EngineStats.Listener {
        @Override
        public void modelStep(int streams, long nanos) {
            step.record(nanos, TimeUnit.NANOSECONDS);
            stepStreams.record(streams);
        }

        @Override
        public void batch(int records, long nanos) {
            batch.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(records);
        }

        @Override
        public void commit(long nanos) {
            this.commit.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Per-second rate of a cumulative count over a sliding window: keeps the oldest sample younger than the window
     * and one refreshed sample per half window, so memory is constant.
     */
    static final class RateSampler {
        private final Clock clock;
        private final long window;
        private long oldTime = Long.MIN_VALUE;
        private double oldCount;
        private long midTime = Long.MIN_VALUE;
        private double midCount;
        private double lastRate;

        RateSampler(Clock clock, long windowMillis) {
            this.clock = clock;
            this.window = windowMillis;
        }

        synchronized double rate(double count) {
            long now = clock.wallTime();
            if (oldTime == Long.MIN_VALUE) {
                oldTime = now;
                oldCount = count;
                midTime = now;
                midCount = count;
                return 0;
            }
            if (now - midTime >= window / 2) {
                oldTime = midTime;
                oldCount = midCount;
                midTime = now;
                midCount = count;
            }
            if (now > oldTime) {
                lastRate = (count - oldCount) * 1000.0 / (now - oldTime);
            }
            return lastRate;
        }
    }
}
