package io.beliefstream.models;

/**
 * The codebook of a vector-quantising {@link WindowScorerModel}, shared by all streams of the model, which keeps
 * learning from live encoder outputs while serving.
 *
 * <p>Threading: not synchronised. Exactly one thread (the engine's stepping thread) may call {@link #update},
 * {@link #setFrozen}, {@link #snapshot} and {@link #restore}, and kernels stepping on that same thread read it; a
 * snapshot taken between two batches is therefore always consistent. {@link #stats()} returns an immutable record
 * and may be called from the same thread to publish metrics.
 */
public interface OnlineCodebook {

    /** Number of codes {@code K}. */
    int size();

    /** Code dimension {@code D}. */
    int dim();

    /**
     * Learns from one scored batch: the encoder outputs of its ready streams and their assigned codes. Call it once
     * per batch, after {@link WindowKernel#score}. Does nothing while {@link #frozen()}.
     */
    void update(WindowResult batch);

    /** Whether {@link #update} is switched off. */
    boolean frozen();

    /** Switches learning off ({@code true}) or back on. */
    void setFrozen(boolean frozen);

    /** Compact versioned binary form of the whole codebook (codes, EMA statistics, counters, freeze switch). */
    byte[] snapshot();

    /**
     * Replaces this codebook's content with a {@link #snapshot()} of a codebook of the same size and dimension.
     *
     * @throws ModelException if the bytes are not such a snapshot
     */
    void restore(byte[] snapshot);

    /** Current statistics: perplexity, live codes, restarts, mean quantisation error. */
    CodebookStats stats();
}
