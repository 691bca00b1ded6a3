package io.beliefstream.models;

/**
 * Scores a batch of streams, one new observation each, against the shared {@link OnlineCodebook} of its
 * {@link WindowScorerModel}. Holds preallocated scratch sized for a maximum batch, so {@link #score} allocates no
 * arrays. Not thread-safe: use one kernel per thread.
 */
public interface WindowKernel {

    /** The largest batch {@link #score} accepts. */
    int maxBatch();

    /**
     * Pushes {@code x[b]} into the window of {@code states[b]} for {@code b < batch}, then encodes each full window,
     * quantises it to its nearest code, decodes it and writes code, reconstruction, error and encoder output into
     * {@code out} (see {@link WindowResult} for what a stream whose window is not yet full gets). Reads the codebook
     * but does not change it: the caller applies {@link OnlineCodebook#update(WindowResult)} once afterwards.
     *
     * @param states per-stream states from the same model, updated in place; distinct objects
     * @param x one scalar observation per stream
     * @param batch number of streams in this step, at most {@link #maxBatch()}
     * @param out preallocated result from {@link WindowResult#forScorer(WindowScorerInfo, int)}
     */
    void score(StreamState[] states, float[] x, int batch, WindowResult out);
}
