package io.beliefstream.models;

/**
 * Preallocated output of one {@link Kernel#step}. Flat arrays, row-major:
 *
 * <ul>
 *   <li>{@code mean[(b * H + h) * D + d]}, {@code lower[...]}, {@code upper[...]}: forecast of {@code x_{t+k_h}}
 *       for stream {@code b}, horizon index {@code h}, dimension {@code d}; {@code [lower, upper]} is the central
 *       interval of {@link ModelInfo#intervalLevel()}.
 *   <li>{@code surprise[b * H + h]}: negative log-likelihood (nats, summed over dimensions) of the observation just
 *       absorbed under the forecast made {@code k_h} steps earlier; {@code NaN} while the stream is younger than
 *       that.
 *   <li>{@code dimSurprise[b * D + d]}: the part of {@code surprise} at the first horizon that dimension {@code d}
 *       contributes, for models that break it down ({@link PerDimensionModel}); {@code NaN} otherwise. Used to name
 *       the dimensions an anomaly comes from.
 * </ul>
 */
public final class StepResult {
    private final int maxBatch;
    private final int horizons;
    private final int dim;
    public final float[] mean;
    public final float[] lower;
    public final float[] upper;
    public final float[] surprise;
    public final float[] dimSurprise;

    public StepResult(int maxBatch, int horizons, int dim) {
        if (maxBatch < 1 || horizons < 1 || dim < 1) {
            throw new IllegalArgumentException(
                    "maxBatch, horizons and dim must be positive: " + maxBatch + ", " + horizons + ", " + dim);
        }
        this.maxBatch = maxBatch;
        this.horizons = horizons;
        this.dim = dim;
        this.mean = new float[maxBatch * horizons * dim];
        this.lower = new float[mean.length];
        this.upper = new float[mean.length];
        this.surprise = new float[maxBatch * horizons];
        this.dimSurprise = new float[maxBatch * dim];
        java.util.Arrays.fill(dimSurprise, Float.NaN);
    }

    /** A result sized for {@code maxBatch} streams of the given model. */
    public static StepResult forModel(ModelInfo info, int maxBatch) {
        return new StepResult(maxBatch, info.horizonCount(), info.inputDim());
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int horizons() {
        return horizons;
    }

    public int dim() {
        return dim;
    }

    /** Index into {@link #mean}, {@link #lower} and {@link #upper}. */
    public int forecastIndex(int b, int h, int d) {
        return (b * horizons + h) * dim + d;
    }

    /** Index into {@link #surprise}. */
    public int surpriseIndex(int b, int h) {
        return b * horizons + h;
    }
}
