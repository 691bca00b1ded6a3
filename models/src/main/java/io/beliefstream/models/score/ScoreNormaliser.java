package io.beliefstream.models.score;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.Gaussians;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Turns raw per-stream anomaly scores (negative log-likelihoods, reconstruction errors: any scale, any offset) into
 * calibrated scores in [0, 1], so that one threshold means the same on every stream, and combines a stream's
 * components into one anomaly score.
 *
 * <h2>Method (per stream, per component)</h2>
 *
 * For each new raw score {@code r_t}, after its component's {@link ScoreNormaliserConfig.Transform} (identity, or
 * the cube root for positive right-skewed scores such as squared errors; a {@code NaN} raw score is skipped: state
 * unchanged, calibrated {@code NaN}):
 *
 * <pre>
 *   n ← n + 1
 *   s_t = s_{t−1} + a_S (r_t − s_{t−1}),                 a_S = max(1/n, 1/S)   short-window mean of the raw score
 *   p_t = Φ((s_t − μ_{t−1}) / σ_{t−1})                     calibrated score (reported once n &gt; warmup)
 *   μ_t = μ_{t−1} + a_L δ,  σ²_t = (1 − a_L)(σ²_{t−1} + a_L δ²),  δ = s_t − μ_{t−1},  a_L = max(1/n, 1/L)
 * </pre>
 *
 * {@code p_t} is one minus the upper tail probability of the short-window mean under its own long-window
 * distribution (approximated as Gaussian with the exponentially weighted mean and variance of the last ~{@code L}
 * short means): 0.5 is typical, 0.99 means "the recent level of this raw score is in the top 1% of what this stream
 * usually produces". The long statistics are updated after scoring, so an anomaly is scored against the past, and
 * with bounded influence (an M-estimate in the spirit of Huber's): from the third raw score on (during the warm-up
 * too) a deviation beyond ±{@link #CLIP_SIGMAS}·σ is clipped to that bound and folded in with the weight
 * {@code min(a_L, 1/warmup)}. So an anomaly does not inflate {@code σ} and mask the anomalies after it, and the wild
 * first scores of a stream whose models are still settling (hundreds of nats from a forecaster that has seen a few
 * flat steps) do not inflate {@code σ} for thousands of steps: with the exact-mean weights {@code 1/n} of the first
 * steps, clipping alone would let a run of such scores grow {@code σ²} by a factor {@code ≈ 1 + 15/n} per step. The
 * {@code 1/n} terms make the first estimates exact means. {@code σ} has a floor of
 * {@code max(1e-9, 1e-3·|μ|)} so a constant raw score does not divide by zero. This is the construction of
 * Numenta's anomaly likelihood (Ahmad et al. 2017), written with exponential windows so the state is four numbers.
 *
 * <h2>Combining components</h2>
 *
 * {@link #combine(float[], int, int)}: {@code combined = (max_i p_i)^m} over the {@code m} components that are not
 * {@code NaN} (Šidák's correction of the maximum). If the components are uniform on [0, 1] and independent on
 * normal data, the combined score is again uniform, so a threshold of 0.99 still flags about 1% of normal steps
 * whatever the number of components; a single component near 1 still drives the combination near 1.
 * {@code NaN} when every component is {@code NaN} (all still warming up).
 *
 * <h2>Alerting on the onset (the combined score only)</h2>
 *
 * The combined upper tail {@code t = 1 − combined} is filtered as in Numenta's anomaly likelihood
 * ({@code _filterLikelihoods} in NuPIC's {@code anomaly_likelihood.py}; Ahmad et al. 2017, "Unsupervised real-time
 * anomaly detection for streaming data", Neurocomputing 262): a tail at or below
 * {@link #ONSET_TAIL} (1e-5) right after a step whose unfiltered tail was also at or below it is raised to
 * {@link #CONTINUATION_TAIL} (1e-3). The first step of an anomalous stretch keeps its tiny tail, the steps after it
 * report {@code 1 − 1e-3 = 0.999}, still above the default threshold 0.99, so a flag stays up while the stretch
 * lasts; only the extreme end of the scale is kept for onsets. The short mean keeps the evidence of one event high
 * for several steps; without the filter each of those steps counts as a separate extreme alert. The per-component
 * calibrated scores are not filtered.
 *
 * <h2>State</h2>
 *
 * {@link State}: per component an observation count (int) and three floats, and whether the last combined tail was
 * at or below {@link #ONSET_TAIL}; binary form {@code 3 + 16·C} bytes.
 * The normaliser itself is immutable and thread-safe; {@link #update} allocates nothing.
 */
public final class ScoreNormaliser {
    /**
     * Version byte of a {@link State}'s binary form. Version 2 appends the onset filter's flag; {@link #readState}
     * also reads version 1 (flag false), so checkpoints written before it keep their calibration.
     */
    public static final byte STATE_VERSION = 2;
    /** Oldest binary form {@link #readState} reads. */
    public static final byte OLDEST_READABLE_STATE_VERSION = 1;
    /** Absolute floor on the long-window standard deviation. */
    public static final double MIN_STD = 1e-9;
    /**
     * After warm-up, the deviation of a short mean from the long mean is clipped to this many long standard
     * deviations before it updates the long statistics (the calibrated score itself uses the unclipped value).
     */
    public static final double CLIP_SIGMAS = 4.0;
    /**
     * Deviations are clipped after this many raw scores (the first ones define {@code σ}); before version 2 the
     * clipping began only after the warm-up.
     */
    public static final int CLIP_FROM = 2;
    /** A combined upper tail at or below this is an alert; a repeated one is raised to {@link #CONTINUATION_TAIL}. */
    public static final double ONSET_TAIL = 1e-5;
    /** The combined upper tail reported for the steps of an alert after its first one. */
    public static final double CONTINUATION_TAIL = 1e-3;
    /** Relative floor on the long-window standard deviation, as a fraction of {@code |μ|}. */
    public static final double MIN_RELATIVE_STD = 1e-3;

    private final ScoreNormaliserConfig config;
    private final int c;
    private final double invShort;
    private final double invLong;
    private final boolean[] cubeRoot;

    public ScoreNormaliser(ScoreNormaliserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.c = config.components();
        this.invShort = 1.0 / config.shortWindow();
        this.invLong = 1.0 / config.longWindow();
        this.cubeRoot = new boolean[c];
        for (int i = 0; i < c; i++) {
            cubeRoot[i] = config.transforms().get(i) == ScoreNormaliserConfig.Transform.CUBE_ROOT;
        }
    }

    public ScoreNormaliserConfig config() {
        return config;
    }

    /** Number of components per stream. */
    public int components() {
        return c;
    }

    /** A fresh state for a stream with no raw score yet. */
    public State newState() {
        return new State(c);
    }

    /**
     * Decodes a state written by {@link State#writeTo(ByteBuffer)}, of version {@value #OLDEST_READABLE_STATE_VERSION}
     * to {@value #STATE_VERSION}.
     *
     * @throws ModelException if the bytes are not a state of a normaliser with this many components
     */
    public State readState(ByteBuffer in) {
        byte v = in.get();
        if (v < OLDEST_READABLE_STATE_VERSION || v > STATE_VERSION) {
            throw new ModelException("score state version " + v + " is not in [" + OLDEST_READABLE_STATE_VERSION
                    + ", " + STATE_VERSION + "]");
        }
        int n = in.get();
        if (n != c) {
            throw new ModelException("score state has " + n + " components, normaliser " + c);
        }
        State s = new State(c);
        for (int i = 0; i < c; i++) {
            s.count[i] = in.getInt();
            s.stats[3 * i] = in.getFloat();
            s.stats[3 * i + 1] = in.getFloat();
            s.stats[3 * i + 2] = in.getFloat();
        }
        s.alert = v >= 2 && in.get() != 0;
        return s;
    }

    /**
     * Calibrates one raw score per component for each of {@code batch} streams.
     *
     * @param states per-stream states, updated in place
     * @param raw raw scores, row-major {@code batch × C}; {@code NaN} means "no score this step"
     * @param batch number of streams
     * @param calibrated output, {@code batch × C}: calibrated scores in [0, 1], {@code NaN} while warming up or for a
     *     {@code NaN} raw score
     * @param combined output, {@code batch} (may be {@code null}): {@link #combine} of each stream's components
     */
    public void update(State[] states, float[] raw, int batch, float[] calibrated, float[] combined) {
        update(states, raw, batch, calibrated, combined, null);
    }

    /**
     * As {@link #update(State[], float[], int, float[], float[])}, and also writes each stream's combined upper tail
     * probability {@code 1 − combined} in double precision to {@code combinedTail} (may be {@code null}): a float
     * score saturates at 1 for tails below ~6e-8, the tail keeps ranking the most extreme observations. Both the
     * combined score and its tail are onset-filtered (class comment).
     */
    public void update(State[] states, float[] raw, int batch, float[] calibrated, float[] combined,
            double[] combinedTail) {
        if (batch > states.length || raw.length < batch * c || calibrated.length < batch * c
                || (combined != null && combined.length < batch)
                || (combinedTail != null && combinedTail.length < batch)) {
            throw new IllegalArgumentException("batch " + batch + " does not fit the given arrays");
        }
        for (int b = 0; b < batch; b++) {
            State s = states[b];
            double minTail = Double.NaN;
            int m = 0;
            for (int i = 0; i < c; i++) {
                double tail = s.update(i, transform(i, raw[b * c + i]), invShort, invLong, config.warmup());
                calibrated[b * c + i] = Double.isNaN(tail) ? Float.NaN : (float) (1 - tail);
                if (!Double.isNaN(tail)) {
                    m++;
                    minTail = Double.isNaN(minTail) ? tail : Math.min(minTail, tail);
                }
            }
            // Šidák: 1 − (1 − t_min)^m, computed without cancellation
            double tail = m == 0 ? Double.NaN : -Math.expm1(m * Math.log1p(-minTail));
            boolean alert = tail <= ONSET_TAIL;
            tail = filterOnset(tail, s.alert);
            s.alert = alert;
            if (combined != null) {
                combined[b] = Double.isNaN(tail) ? Float.NaN : (float) (1 - tail);
            }
            if (combinedTail != null) {
                combinedTail[b] = tail;
            }
        }
    }

    /** Calibrates a single raw score of component {@code i} of one stream. */
    public float update(State state, int component, float raw) {
        if (component < 0 || component >= c) {
            throw new IllegalArgumentException("component must be in [0, " + c + "), got " + component);
        }
        double tail = state.update(component, transform(component, raw), invShort, invLong, config.warmup());
        return Double.isNaN(tail) ? Float.NaN : (float) (1 - tail);
    }

    /**
     * The onset filter on one step's upper tail (class comment): {@link #CONTINUATION_TAIL} when both this tail and
     * the previous step's unfiltered tail are at or below {@link #ONSET_TAIL}, otherwise the tail itself ({@code NaN}
     * stays {@code NaN}). The next step's {@code previousAlert} is {@code tail <= ONSET_TAIL} of the unfiltered tail.
     */
    public static double filterOnset(double tail, boolean previousAlert) {
        return previousAlert && tail <= ONSET_TAIL ? CONTINUATION_TAIL : tail;
    }

    private float transform(int i, float r) {
        return cubeRoot[i] ? (float) Math.cbrt(r) : r;
    }

    /**
     * Šidák-corrected maximum of {@code p[off .. off + n)}: {@code (max p_i)^m} over the {@code m} non-{@code NaN}
     * values; {@code NaN} if all are {@code NaN}.
     */
    public static float combine(float[] p, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        int m = 0;
        for (int i = 0; i < n; i++) {
            float v = p[off + i];
            if (!Float.isNaN(v)) {
                m++;
                max = Math.max(max, v);
            }
        }
        return m == 0 ? Float.NaN : (float) Math.pow(max, m);
    }

    /**
     * Per-stream state: for each component, a count and the short mean, long mean and long variance; whether the
     * last combined tail was an alert.
     */
    public static final class State implements StreamState {
        private final int[] count;
        private final float[] stats;
        private boolean alert;

        State(int components) {
            this.count = new int[components];
            this.stats = new float[3 * components];
        }

        /** Updates component {@code i}; returns the upper tail probability {@code 1 − p} in double, or NaN. */
        double update(int i, float r, double invShort, double invLong, int warmup) {
            if (Float.isNaN(r) || Float.isInfinite(r)) {
                return Double.NaN;
            }
            int n = count[i] == Integer.MAX_VALUE ? count[i] : ++count[i];
            double shortMean = stats[3 * i];
            double mean = stats[3 * i + 1];
            double var = stats[3 * i + 2];
            shortMean += Math.max(1.0 / n, invShort) * (r - shortMean);
            double tail = Double.NaN;
            double delta = shortMean - mean;
            double std = Math.max(Math.sqrt(var), Math.max(MIN_STD, MIN_RELATIVE_STD * Math.abs(mean)));
            if (n > warmup) {
                // the upper tail directly (no 1 - Φ cancellation), so tails down to ~1e-300 stay distinct
                tail = Gaussians.standardCdf(-delta / std);
            }
            double aL = Math.max(1.0 / n, invLong);
            double limit = CLIP_SIGMAS * std;
            if (n > CLIP_FROM && Math.abs(delta) > limit) {
                // bounded influence: an outlier moves the long statistics by at most CLIP_SIGMAS standard deviations
                // and with at most the weight 1/warmup, so neither one burst nor the wild first scores of a stream
                // inflate the variance and mask the anomalies after them for ~L steps
                aL = Math.min(aL, 1.0 / warmup);
                delta = Math.max(-limit, Math.min(limit, delta));
            }
            mean += aL * delta;
            var = (1 - aL) * (var + aL * delta * delta);
            stats[3 * i] = (float) shortMean;
            stats[3 * i + 1] = (float) mean;
            stats[3 * i + 2] = (float) var;
            return tail;
        }

        /** Raw scores absorbed by component {@code i}. */
        public int count(int i) {
            return count[i];
        }

        /** Long-window mean of component {@code i}'s short-window mean. */
        public float longMean(int i) {
            return stats[3 * i + 1];
        }

        @Override
        public long observations() {
            long max = 0;
            for (int n : count) {
                max = Math.max(max, n);
            }
            return max;
        }

        @Override
        public int serializedSize() {
            return 3 + 16 * count.length;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put(STATE_VERSION);
            out.put((byte) count.length);
            for (int i = 0; i < count.length; i++) {
                out.putInt(count[i]);
                out.putFloat(stats[3 * i]);
                out.putFloat(stats[3 * i + 1]);
                out.putFloat(stats[3 * i + 2]);
            }
            out.put((byte) (alert ? 1 : 0));
        }

        @Override
        public long heapBytes() {
            return 16 + 2 * 8 + 8 + (16 + 4L * count.length) + (16 + 12L * count.length);
        }
    }
}
