package io.beliefstream.models;

/**
 * Advances a batch of streams by one observation each. Holds preallocated scratch buffers sized for a maximum
 * batch, so {@link #step} allocates nothing. Not thread-safe: use one kernel per thread.
 */
public interface Kernel {

    /** The largest batch {@link #step} accepts. */
    int maxBatch();

    /**
     * Absorbs {@code x[b * dim .. b * dim + dim)} into {@code states[b]} for {@code b < batch}, then writes into
     * {@code out} the surprise of each observation under the forecasts made earlier and new forecasts for every
     * horizon. The states must be distinct objects (one observation per stream per step).
     *
     * @param states per-stream states, updated in place
     * @param x observations, row-major {@code batch × dim}
     * @param batch number of streams in this step, at most {@link #maxBatch()}
     * @param out preallocated result, from {@link StepResult#forModel(ModelInfo, int)}
     */
    void step(StreamState[] states, float[] x, int batch, StepResult out);
}
