package io.beliefstream.streams;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one engine instance, safe to read from any thread (the monitoring binders and the demo summary read
 * them). Cumulative since the instance started.
 */
public final class EngineStats {
    private final LongAdder observationsIn = new LongAdder();
    private final LongAdder recordsIn = new LongAdder();
    private final LongAdder predictionsOut = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder modelSteps = new LongAdder();
    private final Map<DeadLetterReason, LongAdder> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private volatile int activeStreams;

    public EngineStats() {
        for (DeadLetterReason r : DeadLetterReason.values()) {
            deadLetters.put(r, new LongAdder());
        }
    }

    /** Records read from the observations topic, good or bad. */
    public long recordsIn() {
        return recordsIn.sum();
    }

    /** Valid observations absorbed by the model. */
    public long observationsIn() {
        return observationsIn.sum();
    }

    /** Predictions published. */
    public long predictionsOut() {
        return predictionsOut.sum();
    }

    /** Polled batches processed. */
    public long batches() {
        return batches.sum();
    }

    /** Batched model steps run (a batch with several observations of one stream needs several). */
    public long modelSteps() {
        return modelSteps.sum();
    }

    /** Dead letters published for one reason. */
    public long deadLetters(DeadLetterReason reason) {
        return deadLetters.get(reason).sum();
    }

    /** Dead letters published, all reasons. */
    public long deadLetters() {
        long n = 0;
        for (LongAdder a : deadLetters.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Streams whose state this instance holds in memory. */
    public int activeStreams() {
        return activeStreams;
    }

    /** Recorders, called by the engine only. */
    public void recordBatch(int records, int observations, int predictions, int steps) {
        recordsIn.add(records);
        observationsIn.add(observations);
        predictionsOut.add(predictions);
        modelSteps.add(steps);
        batches.increment();
    }

    public void recordDeadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    public void setActiveStreams(int n) {
        activeStreams = n;
    }
}
