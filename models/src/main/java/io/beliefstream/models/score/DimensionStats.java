package io.beliefstream.models.score;

import java.nio.ByteBuffer;

/**
 * Per-dimension evidence of a component on a multivariate stream: how unusual each dimension's own part of the
 * component's raw score is, against that dimension's history, so that a prediction can name the dimensions its
 * anomaly comes from (docs/models.md, "Multivariate streams").
 *
 * <p>For each dimension {@code d} and step, with {@code r_d} the dimension's part of the raw score (its negative
 * log-likelihood under the forecast, or its window's reconstruction error), before folding it in:
 *
 * <pre>
 *   e_d = max(0, (r_d − m_d) / σ_d)²,   σ_d = max(√v_d, 1e-9, 1e-3·|m_d|)       (0 for the first {@value #WARMUP} steps)
 *   m_d ← m_d + a δ,  v_d ← (1 − a)(v_d + a δ²),   δ = r_d − m_d clipped to ±4σ_d,   a = max(1/n, 1/{@value #WINDOW})
 * </pre>
 *
 * the excess of the dimension over its own exponentially weighted mean, in its own standard deviations (the
 * dimensions' raw parts have different offsets and scales: a negative log-likelihood carries {@code log σ} of the
 * dimension's units), with the normaliser's bounded influence so that one anomaly does not mask the next. Only
 * upward deviations count: a dimension that is more predictable than usual is not to blame.
 *
 * <p>Binary form: dimensions (int), count (int), per dimension mean and variance (floats). The last step's
 * {@code e_d} is not kept (it is recomputed every step).
 */
public final class DimensionStats implements AnomalyComponent.State {
    /** Steps before a dimension's excess is reported. */
    public static final int WARMUP = 20;
    /** Time constant of each dimension's mean and variance, in steps. */
    public static final int WINDOW = 1000;
    private int count;
    private final float[] mean;
    private final float[] var;
    private final float[] excess;

    public DimensionStats(int dims) {
        this.mean = new float[dims];
        this.var = new float[dims];
        this.excess = new float[dims];
    }

    /** Statistics for a stream of {@code dims} dimensions; {@code null} for a univariate one (nothing to blame). */
    static DimensionStats forDims(int dims) {
        return dims > 1 ? new DimensionStats(dims) : null;
    }

    /** Number of dimensions. */
    public int dims() {
        return mean.length;
    }

    /** The last step's excess {@code e_d} of dimension {@code d} (0 when it had none). */
    public float excess(int d) {
        return excess[d];
    }

    /** Clears the last step's excess (a step without a per-dimension breakdown). */
    void clear() {
        java.util.Arrays.fill(excess, 0f);
    }

    /**
     * Folds in one step's per-dimension raw parts {@code r[off + d·stride]} (class comment). A step where any part
     * is not finite is skipped (excess 0, statistics unchanged).
     */
    void observe(float[] r, int off, int stride) {
        int dims = mean.length;
        for (int d = 0; d < dims; d++) {
            if (!Float.isFinite(r[off + d * stride])) {
                clear();
                return;
            }
        }
        int n = count == Integer.MAX_VALUE ? count : ++count;
        double a = Math.max(1.0 / n, 1.0 / WINDOW);
        for (int d = 0; d < dims; d++) {
            double m = mean[d];
            double v = var[d];
            double std = Math.max(Math.sqrt(v), Math.max(ScoreNormaliser.MIN_STD,
                    ScoreNormaliser.MIN_RELATIVE_STD * Math.abs(m)));
            double delta = r[off + d * stride] - m;
            double z = delta / std;
            excess[d] = n > WARMUP && z > 0 ? (float) (z * z) : 0f;
            double limit = ScoreNormaliser.CLIP_SIGMAS * std;
            if (n > ScoreNormaliser.CLIP_FROM) {
                delta = Math.max(-limit, Math.min(limit, delta));
            }
            m += a * delta;
            v = (1 - a) * (v + a * delta * delta);
            mean[d] = (float) m;
            var[d] = (float) v;
        }
    }

    /** Reads a state of {@code dims} dimensions; {@code null} for one of another dimension. */
    static DimensionStats read(ByteBuffer in, int dims) {
        int n = in.getInt();
        if (n != dims) {
            return null;
        }
        DimensionStats s = new DimensionStats(n);
        s.count = in.getInt();
        for (int d = 0; d < n; d++) {
            s.mean[d] = in.getFloat();
            s.var[d] = in.getFloat();
        }
        return s;
    }

    @Override
    public int serializedSize() {
        return 8 + 8 * mean.length;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.putInt(mean.length).putInt(count);
        for (int d = 0; d < mean.length; d++) {
            out.putFloat(mean[d]).putFloat(var[d]);
        }
    }

    @Override
    public boolean isFinite() {
        for (int d = 0; d < mean.length; d++) {
            if (!Float.isFinite(mean[d]) || !Float.isFinite(var[d])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long heapBytes() {
        return 16 + 4 + 3 * 8 + 3 * (16 + 4L * mean.length);
    }
}
