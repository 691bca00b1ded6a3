package io.beliefstream.streams;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one engine instance, safe to read from any thread (the monitoring binders and the demo summary read
 * them). Cumulative since the instance started.
 */
public final class EngineStats {

    /**
     * Receives timing events as they happen (the monitoring module turns them into Micrometer timers and
     * distribution summaries). Called on the engine's threads: implementations must be cheap and thread-safe.
     */
    public interface Listener {
        /** One batched kernel call over {@code streams} streams took {@code nanos}. */
        default void modelStep(int streams, long nanos) {}

        /** One poll's records were processed and published in {@code nanos} (decode to broker acknowledgement). */
        default void batch(int records, long nanos) {}

        /** Committing one batch (offsets, or the transaction) took {@code nanos}. */
        default void commit(long nanos) {}

        /** The stages of one published batch, when it is committed (for latency breakdowns; see {@link Timeline}). */
        default void timeline(Timeline t) {}
    }

    /**
     * When one batch passed each stage, in {@link System#nanoTime()} nanoseconds of this JVM, plus the wall clock of
     * the poll and the batch's record timestamps so that the time the records spent before the poll can be told.
     *
     * @param records records in the poll
     * @param oldestRecordMillis smallest record timestamp (the producer's create time, wall clock) in the poll
     * @param newestRecordMillis largest record timestamp in the poll
     * @param polledMillis wall clock when the poll returned
     * @param polled when the poll returned the records
     * @param processStart when the engine began processing them (on its context)
     * @param processEnd when the engine finished processing them
     * @param commitStart when the poll thread began publishing them ({@code beginTransaction})
     * @param sent when the last record was handed to the producer and the offsets were added to the transaction
     * @param commitEnd when {@code commitTransaction} returned
     */
    public record Timeline(int records, long oldestRecordMillis, long newestRecordMillis, long polledMillis,
            long polled, long processStart, long processEnd, long commitStart, long sent, long commitEnd) {}

    private static final Listener NONE = new Listener() {};
    private volatile Listener listener = NONE;
    private final LongAdder streamsEvicted = new LongAdder();
    private final LongAdder streamsRestored = new LongAdder();
    private final LongAdder stateResets = new LongAdder();
    private final LongAdder recoveries = new LongAdder();
    private volatile long consumerLag;
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

    /** Sets the listener of timing events (one; the last set wins). */
    public void setListener(Listener l) {
        listener = l == null ? NONE : l;
    }

    /** Streams removed from memory (idle eviction or partition revocation). */
    public long streamsEvicted() {
        return streamsEvicted.sum();
    }

    /**
     * Stream states re-initialised because a step left a number in them non-finite, or failed (docs/engine.md,
     * "Non-finite states").
     */
    public long stateResets() {
        return stateResets.sum();
    }

    public void recordStateReset() {
        stateResets.increment();
    }

    /**
     * Times the poll loop recovered from a broker outage or another retriable Kafka error: renewed its producer,
     * rewound to the committed offsets and restored the partitions whose offsets were not committed
     * (docs/engine.md, "Broker outages"). Counted when a recovery begins.
     */
    public long recoveries() {
        return recoveries.sum();
    }

    public void recordRecovery() {
        recoveries.increment();
    }

    /** Streams whose state was read back from the state topic. */
    public long streamsRestored() {
        return streamsRestored.sum();
    }

    /** Records in the owned partitions not yet consumed, as of the last poll. */
    public long consumerLag() {
        return consumerLag;
    }

    public void recordModelStep(int streams, long nanos) {
        listener.modelStep(streams, nanos);
    }

    public void recordBatchTime(int records, long nanos) {
        listener.batch(records, nanos);
    }

    public void recordCommit(long nanos) {
        listener.commit(nanos);
    }

    public void recordTimeline(Timeline t) {
        listener.timeline(t);
    }

    public void recordEvicted(int n) {
        streamsEvicted.add(n);
    }

    public void recordRestored(int n) {
        streamsRestored.add(n);
    }

    public void setConsumerLag(long lag) {
        consumerLag = lag;
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
