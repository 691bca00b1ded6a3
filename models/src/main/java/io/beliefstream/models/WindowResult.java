package io.beliefstream.models;

/**
 * Preallocated output of one {@link WindowKernel#score}. Flat arrays, row-major, for stream {@code b < batch()}:
 *
 * <ul>
 *   <li>{@code ready[b]}: whether the stream's window was full (it has absorbed at least {@code W} observations);
 *   <li>{@code code[b]}: index of the nearest code, ties broken towards the lower index; {@code -1} when the window
 *       is not full or the codebook has not been initialised yet, and always for a scorer without codebook (the
 *       autoencoder family's {@code NoCodebook});
 *   <li>{@code error[b]}: reconstruction error, the mean over the window of the squared difference between the
 *       normalised window and its reconstruction (dimensionless, comparable across streams; the VAEs: negative log
 *       reconstruction probability per window value); {@code NaN} when the window is not full or a codebook the
 *       scorer needs has not been initialised;
 *   <li>{@code reconstruction[b * W + i]}: reconstruction of the normalised window, oldest point first
 *       ({@code NaN} when {@code error[b]} is);
 *   <li>{@code lastValue[b]}: reconstruction of the newest observation in the stream's original units
 *       ({@code NaN} when {@code error[b]} is);
 *   <li>{@code latent[b * D + d]}: encoder output {@code z_e} of the window when {@code ready[b]}, which the shared
 *       codebook learns from in {@link OnlineCodebook#update(WindowResult)}.
 * </ul>
 */
public final class WindowResult {
    private final int maxBatch;
    private final int window;
    private final int latentDim;
    private int batch;
    public final boolean[] ready;
    public final int[] code;
    public final float[] error;
    public final float[] reconstruction;
    public final float[] lastValue;
    public final float[] latent;

    public WindowResult(int maxBatch, int window, int latentDim) {
        if (maxBatch < 1 || window < 1 || latentDim < 1) {
            throw new IllegalArgumentException(
                    "maxBatch, window and latentDim must be positive: " + maxBatch + ", " + window + ", " + latentDim);
        }
        this.maxBatch = maxBatch;
        this.window = window;
        this.latentDim = latentDim;
        this.ready = new boolean[maxBatch];
        this.code = new int[maxBatch];
        this.error = new float[maxBatch];
        this.reconstruction = new float[maxBatch * window];
        this.lastValue = new float[maxBatch];
        this.latent = new float[maxBatch * latentDim];
    }

    /** A result sized for {@code maxBatch} streams of the given scorer. */
    public static WindowResult forScorer(WindowScorerInfo info, int maxBatch) {
        return new WindowResult(maxBatch, info.window(), info.latentDim());
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int window() {
        return window;
    }

    public int latentDim() {
        return latentDim;
    }

    /** Number of streams the last {@link WindowKernel#score} wrote. */
    public int batch() {
        return batch;
    }

    /** Set by kernels: the number of valid rows. */
    public void setBatch(int batch) {
        if (batch < 0 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be in [0, " + maxBatch + "], got " + batch);
        }
        this.batch = batch;
    }
}
