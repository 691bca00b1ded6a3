package io.beliefstream.models.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.stats.Gaussians;

/**
 * Online conformal calibration of forecast intervals, one calibrator per stream, horizon and dimension, so that a
 * published interval covers its nominal probability on the stream it is published for whatever the model's own
 * variance says.
 *
 * <p><b>Score.</b> When the target of a forecast made {@code k} steps earlier arrives, its standardised error
 * {@code s = (x − μ)/σ} under that forecast's mean {@code μ} and the model's std {@code σ} is divided by a running
 * scale {@code a} (an exponentially weighted mean of {@code |s|} of weight {@code 1/min(n + }{@value #SCALE_PRIOR}
 * {@code , }{@value #SCALE_WINDOW}{@code )} after {@code n} updates, so the starting value {@code E|N(0,1)|} counts as
 * {@value #SCALE_PRIOR} prior observations; each {@code |s|} capped at {@value #SCALE_CAP}{@code ·max(a, E|N(0,1)|)},
 * so one outlier cannot blow the scale up, yet a scale that has shrunk on a flat stretch recovers within a few steps
 * when the stream moves again), giving the conformity score
 * {@code r = s/a}, compared with the quantiles {@code q_lo, q_hi} of {@code r}. The scale turns a model whose σ
 * is wrong by any constant factor into scores of order one, so the quantile steps below have one meaning on every
 * stream; its window lets it follow a heteroscedastic stream.
 *
 * <p><b>Quantile tracking</b> (the "P" part of conformal PID control, Angelopoulos, Candès &amp; Tibshirani 2023,
 * eq. (2); the same update as adaptive conformal inference, Gibbs &amp; Candès 2021, eq. (2), applied to the score
 * quantile rather than to the level): with {@code α = (1 − level)/2} per tail,
 * {@code q_hi ← q_hi + η (miss_hi − α)} and {@code q_lo ← q_lo − η (miss_lo − α)}, where {@code miss_hi = 1{s > U}}
 * and {@code miss_lo = 1{s < L}} for the published offsets {@code L, U} (below), step {@code η}
 * = {@value #STEP}. For any sequence of scores the long-run miss frequency of each tail is then within
 * {@code (B + η)/(η T)} of {@code α} after {@code T} updates, where {@code B} bounds the range the quantile has
 * travelled (Angelopoulos et al. 2023, Proposition 1): no distributional assumption, heavy tails and drift included.
 * The published interval is {@code [μ + q_lo·a·σ, μ + q_hi·a·σ]} (ordered); before the first update it is the
 * model's own Gaussian interval {@code μ ± z·σ} ({@code a = E|N(0,1)| = √(2/π)}, {@code q = ±z/a}).
 *
 * <p><b>Delayed feedback.</b> The interval published at origin {@code n} is judged at {@code n + k}: the miss
 * indicators of the updates are those of the <i>published</i> offsets {@code q_{lo,n}·a_n}, {@code q_{hi,n}·a_n}
 * (kept with the forecast), so the updates telescope, {@code η Σ (miss_t − α) = q_T − q_0}, and the long-run miss rate
 * of the published intervals is {@code α} per tail whatever the delay, as long as the quantiles stay bounded (they
 * do: wide published intervals make misses rare and pull them back). Judging the interval with the quantiles current
 * at arrival instead under-covered by 2–8 points at {@code k = 5} and {@code k = 20} on a sine whose errors change
 * with its phase (the errors of overlapping horizons come in runs).
 *
 * <p>State: {@value #FLOATS} floats per calibrator ({@code q_lo, q_hi, a}) in a caller-owned array; this class
 * holds only the level's constants and is immutable.
 */
public final class ConformalIntervals {
    /** Floats of one calibrator's state. */
    public static final int FLOATS = 3;
    /** Step {@code η} of the quantile updates, in units of the running scale. */
    public static final double STEP = 0.05;
    /** Window of the running scale {@code a} of {@code |s|}. */
    public static final int SCALE_WINDOW = 50;
    /** Cap on one {@code |s|} in the scale update, in units of the larger of the scale and its starting value. */
    public static final double SCALE_CAP = 5;
    /** Weight of the scale's starting value, in observations. */
    public static final int SCALE_PRIOR = 4;
    /** Floor of the scale (it stays positive on a stream whose errors are all zero). */
    public static final double SCALE_FLOOR = 1e-6;
    /** Bound on {@code |q|} (the quantiles stay finite on any input). */
    public static final double QUANTILE_BOUND = 100;
    private static final double INITIAL_SCALE = Math.sqrt(2 / Math.PI);

    private final double level;
    private final double alpha;
    private final float initialQuantile;

    /** @param level central interval mass in (0, 1) */
    public ConformalIntervals(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("interval level must be in (0, 1), got " + level);
        }
        this.level = level;
        this.alpha = (1 - level) / 2;
        this.initialQuantile = (float) (Gaussians.centralIntervalZ(level) / INITIAL_SCALE);
    }

    public double level() {
        return level;
    }

    /** Resets calibrators {@code [from, to)} of {@code st} ({@link #FLOATS} floats each) to the model's interval. */
    public void reset(float[] st, int from, int to) {
        for (int c = from; c < to; c++) {
            int o = c * FLOATS;
            st[o] = -initialQuantile;
            st[o + 1] = initialQuantile;
            st[o + 2] = (float) INITIAL_SCALE;
        }
    }

    /**
     * Folds in the arrival of {@code x}, the target of a forecast {@code N(mean, std²)}: one quantile-tracking step of
     * calibrator {@code c}. Does nothing when the forecast is not usable ({@code std} not finite and positive, e.g.
     * no forecast yet).
     *
     * @param count how many updates this calibrator has had before, counting this one (1 for the first)
     * @param publishedLower the {@link #lowerOffset} the forecast was published with ({@code NaN}: unknown, the
     *     current offsets are used)
     * @param publishedUpper the {@link #upperOffset} the forecast was published with
     */
    public void update(float[] st, int c, long count, float x, float mean, float std, float publishedLower,
            float publishedUpper) {
        if (!(std > 0) || !Float.isFinite(std) || !Float.isFinite(mean)) {
            return;
        }
        int o = c * FLOATS;
        double a = st[o + 2];
        double s = (x - (double) mean) / std;
        boolean known = Float.isFinite(publishedLower) && Float.isFinite(publishedUpper);
        double lower = known ? publishedLower : lowerOffset(st, c);
        double upper = known ? publishedUpper : upperOffset(st, c);
        double lo = st[o];
        double hi = st[o + 1];
        hi += STEP * ((s > upper ? 1 : 0) - alpha);
        lo -= STEP * ((s < lower ? 1 : 0) - alpha);
        st[o] = (float) Math.max(-QUANTILE_BOUND, Math.min(QUANTILE_BOUND, lo));
        st[o + 1] = (float) Math.max(-QUANTILE_BOUND, Math.min(QUANTILE_BOUND, hi));
        double w = 1.0 / Math.min(Math.max(count, 1) + SCALE_PRIOR, SCALE_WINDOW);
        double next = a + w * (Math.min(Math.abs(s), SCALE_CAP * Math.max(a, INITIAL_SCALE)) - a);
        st[o + 2] = (float) Math.max(next, SCALE_FLOOR);
    }

    /**
     * Lower offset of calibrator {@code c} in the model's stds, {@code q_lo·a}: the lower bound is
     * {@code μ + min(lowerOffset, upperOffset)·σ} (the two tracked quantiles can cross for a while, e.g. on a stream
     * whose errors are all zero; each keeps its own feedback, so the ordered pair is published and the raw offsets
     * are what the forecast keeps for {@link #update}).
     */
    public float lowerOffset(float[] st, int c) {
        int o = c * FLOATS;
        return st[o] * st[o + 2];
    }

    /** Upper offset of calibrator {@code c} in the model's stds, {@code q_hi·a} (see {@link #lowerOffset}). */
    public float upperOffset(float[] st, int c) {
        int o = c * FLOATS;
        return st[o + 1] * st[o + 2];
    }

    /** Checks a state array read from a checkpoint: every float finite and every scale positive. */
    public static void validate(float[] st, int calibrators) {
        for (int c = 0; c < calibrators; c++) {
            int o = c * FLOATS;
            if (!Float.isFinite(st[o]) || !Float.isFinite(st[o + 1]) || !(st[o + 2] > 0)
                    || !Float.isFinite(st[o + 2])) {
                throw new ModelException("interval calibration state " + c + " is not valid: " + st[o] + ", "
                        + st[o + 1] + ", " + st[o + 2]);
            }
        }
    }
}
