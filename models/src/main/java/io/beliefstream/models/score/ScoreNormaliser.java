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
 * <h2>Seasonal profile (optional, the last component)</h2>
 *
 * With a {@link ScoreNormaliserConfig.Seasonal} profile (the service's default for univariate streams: a daily cycle
 * of 24 hourly phases), the normaliser derives one more raw score from each observation's timestamp {@code t} and
 * value {@code x} (first dimension), through
 * {@link #update(State[], float[], long[], float[], int, float[], float[], double[])}. The cycle of length {@code P}
 * is split into {@code B} phases, {@code k = ⌊B · (t mod P) / P⌋}; each phase keeps an exponentially weighted mean
 * {@code m_k} and variance {@code v_k} of the values seen in it (the same incremental weighted mean and variance as
 * the long statistics above; Finch 2009, "Incremental calculation of weighted mean and variance"):
 *
 * <pre>
 *   z²_t = ((x_t − m_k) / σ_k)²,   σ_k = max(√v_k, 1e-9, 1e-3·|m_k|)       raw score (before the update)
 *   n_k ← n_k + 1,  c = (t − t_first) / P cycles so far (at least 1)
 *   a_k = min(1, max(1/n_k, c / (n_k · D)))                                 = 1 / (D cycles × visits per cycle)
 *   m_k ← m_k + a_k δ,  v_k ← (1 − a_k)(v_k + a_k δ²),  δ = x_t − m_k
 * </pre>
 *
 * so each phase remembers about {@code D} cycles whatever the sampling rate. {@code z²} is reported from
 * {@code warmupPeriods} cycles after the stream's first value (and once the phase holds two earlier values), and
 * is then calibrated like any other component, with the {@link ScoreNormaliserConfig.Transform#CUBE_ROOT cube
 * root} of a squared error. It is the evidence a forecaster without memory of the cycle lacks: a daily peak that
 * comes every day is usual for its hour, and a peak that does not come, or comes at half its height, or a stretch
 * that stays flat where the stream usually moves, is unusual for its hour even when each step is an ordinary step.
 *
 * <h2>Shape novelty (optional, before the seasonal component)</h2>
 *
 * With a {@link ScoreNormaliserConfig.Shape} memory (the service's default for univariate streams), the normaliser
 * derives one more raw score from each observation's value, through the same {@code update} as the seasonal
 * profile: the squared distance {@code d} of the shape of the stream's last {@code w} values (z-normalised, reduced
 * to {@code p} segment means) to the nearest of the last {@code M} shapes the stream drew, one stored every
 * {@code k} values, each window's spread floored at the stream's usual window spread ({@link ShapeMemory}: a left
 * discord over a bounded memory). It is calibrated like any other
 * component, with the cube root of a squared distance. It is the evidence neither model gives on a stream whose
 * anomaly is a form at an ordinary level (an unusual heartbeat, a stuttering gait step): the forecaster's next
 * value is ordinary, and the VQ-VAE's codebook, shared by every stream of the service and updated online, may hold
 * codes close to that form from other streams; the shape memory is this stream's own. UCR's anomaly archive
 * (docs/evaluation.md) is made of such anomalies.
 *
 * <h2>Combining components</h2>
 *
 * Fisher's method (Fisher 1932, <i>Statistical Methods for Research Workers</i>, §21.1) over the {@code m}
 * components that are not {@code NaN}, on their upper tails {@code t_i = 1 − p_i}:
 *
 * <pre>
 *   X = −2 Σ ln t_i,     tail = P(χ²_{2m} ≥ X) = e^{−X/2} Σ_{j&lt;m} (X/2)^j / j!,     combined = 1 − tail
 * </pre>
 *
 * If the components are uniform on [0, 1] and independent on normal data, {@code X} is χ² with {@code 2m} degrees
 * of freedom and the combined tail is uniform again, so a threshold of 0.99 still flags about 1% of normal steps
 * whatever the number of components. Unlike the Šidák-corrected maximum used before (issue #14), it adds up the
 * evidence of every component at a step: a shape the reconstruction finds unusual and a surprise that is unusual at
 * the same moment count more than either alone, and one component's spurious extreme counts for less. With one
 * component it is that component's tail. Measured on both development corpora (docs/evaluation.md, "UCR anomaly
 * archive"). {@code NaN} when every component is {@code NaN} (all still warming up).
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
 * at or below {@link #ONSET_TAIL}; with a seasonal profile also the first timestamp and per phase a count (int) and
 * two floats; with a shape memory its last {@code w} values, {@code (⌈w/k⌉ + 1) × p} shapes kept aside and
 * {@code M × p} stored segment means. Binary form {@code 8 + 16·C} bytes, plus {@code 16 + 12·B} with a profile
 * (24 phases: 304 bytes), plus {@code 40 + 4w + 4(⌈w/k⌉ + 1)p + 4Mp} with a shape memory (defaults: 2,504 bytes).
 * The normaliser itself is immutable and thread-safe; {@link #update} allocates nothing.
 */
public final class ScoreNormaliser {
    /**
     * Version byte of a {@link State}'s binary form. Version 2 appends the onset filter's flag; version 3 the
     * seasonal profile; version 4 the shape memory. {@link #readState} also reads versions 1 (flag false), 2 and 3,
     * so checkpoints written before them keep their calibration (the components and memories they did not have
     * then start afresh).
     */
    public static final byte STATE_VERSION = 4;
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
    /** Index of the seasonal component ({@code = C − 1}), or −1 without a profile. */
    private final int seasonalIndex;
    private final ScoreNormaliserConfig.Seasonal seasonal;
    /** Index of the shape component ({@code = modelComponents}), or −1 without a shape memory. */
    private final int shapeIndex;
    private final ScoreNormaliserConfig.Shape shape;
    private final double invShort;
    private final double invLong;
    private final boolean[] cubeRoot;

    public ScoreNormaliser(ScoreNormaliserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.c = config.components();
        this.seasonal = config.seasonal();
        this.seasonalIndex = seasonal == null ? -1 : c - 1;
        this.shape = config.shape();
        this.shapeIndex = shape == null ? -1 : config.modelComponents();
        this.invShort = 1.0 / config.shortWindow();
        this.invLong = 1.0 / config.longWindow();
        this.cubeRoot = new boolean[c];
        for (int i = 0; i < c; i++) {
            cubeRoot[i] = i == seasonalIndex || i == shapeIndex
                    || config.transforms().get(i) == ScoreNormaliserConfig.Transform.CUBE_ROOT;
        }
    }

    public ScoreNormaliserConfig config() {
        return config;
    }

    /** Number of components per stream, the seasonal one (if any) included: the width of the raw and calibrated rows. */
    public int components() {
        return c;
    }

    /** Index of the seasonal component (the last), or −1 without a seasonal profile. */
    public int seasonalComponent() {
        return seasonalIndex;
    }

    /** Index of the shape component (after the model components), or −1 without a shape memory. */
    public int shapeComponent() {
        return shapeIndex;
    }

    /** A fresh state for a stream with no raw score yet. */
    public State newState() {
        return new State(c, seasonal, shape);
    }

    /**
     * Decodes a state written by {@link State#writeTo(ByteBuffer)}, of version {@value #OLDEST_READABLE_STATE_VERSION}
     * to {@value #STATE_VERSION}. A state of version 1 or 2 (no seasonal profile) written for this normaliser's model
     * components is read into a state whose seasonal component and profile start afresh; a state of version 3 (no
     * shape memory) into one whose shape component and memory start afresh.
     *
     * @throws ModelException if the bytes are not a state of a normaliser with this many components and this
     *     seasonal and shape layout (number of phases, cycle length; window, segments, memory, stride)
     */
    public State readState(ByteBuffer in) {
        byte v = in.get();
        if (v < OLDEST_READABLE_STATE_VERSION || v > STATE_VERSION) {
            throw new ModelException("score state version " + v + " is not in [" + OLDEST_READABLE_STATE_VERSION
                    + ", " + STATE_VERSION + "]");
        }
        int n = in.get();
        int expected = v >= 4 ? c : v == 3 ? c - (shape == null ? 0 : 1) : config.modelComponents();
        if (n != expected) {
            throw new ModelException("score state (version " + v + ") has " + n + " components, normaliser "
                    + expected);
        }
        State s = newState();
        for (int k = 0; k < n; k++) {
            // before version 4 there was no shape component: the seasonal one (version 3) was the last
            int i = v < 4 && k >= config.modelComponents() ? seasonalIndex : k;
            s.count[i] = in.getInt();
            s.stats[3 * i] = in.getFloat();
            s.stats[3 * i + 1] = in.getFloat();
            s.stats[3 * i + 2] = in.getFloat();
        }
        s.alert = v >= 2 && in.get() != 0;
        if (v >= 3) {
            int buckets = in.getInt();
            long period = buckets == 0 ? 0 : in.getLong();
            int want = seasonal == null ? 0 : seasonal.buckets();
            if (buckets != want || (buckets > 0 && period != seasonal.periodMillis())) {
                throw new ModelException("score state has a seasonal profile of " + buckets + " phases over "
                        + period + " ms; the normaliser's has " + want + " phases over "
                        + (seasonal == null ? 0 : seasonal.periodMillis()) + " ms");
            }
            if (buckets > 0) {
                s.first = in.getLong();
                for (int k = 0; k < buckets; k++) {
                    s.bucketCount[k] = in.getInt();
                    s.bucketStats[2 * k] = in.getFloat();
                    s.bucketStats[2 * k + 1] = in.getFloat();
                }
            }
        }
        if (v >= 4) {
            boolean has = in.get() != 0;
            ScoreNormaliserConfig.Shape got = has
                    ? new ScoreNormaliserConfig.Shape(in.getInt(), in.getInt(), in.getInt(), in.getInt()) : null;
            if (!Objects.equals(got, shape)) {
                throw new ModelException("score state has the shape memory " + got + "; the normaliser's is " + shape);
            }
            if (has) {
                try {
                    s.shape.readFrom(in);
                } catch (IllegalStateException e) {
                    throw new ModelException("score state: " + e.getMessage());
                }
            }
        }
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
     * combined score and its tail are onset-filtered (class comment). Without timestamps the seasonal component (if
     * configured) has no score this step: its column of {@code raw} is set to {@code NaN}.
     */
    public void update(State[] states, float[] raw, int batch, float[] calibrated, float[] combined,
            double[] combinedTail) {
        update(states, raw, null, null, batch, calibrated, combined, combinedTail);
    }

    /**
     * Calibrates and combines as {@link #update(State[], float[], int, float[], float[], double[])}, with each
     * stream's observation so the seasonal profile (if configured) scores and learns it (class comment).
     *
     * @param raw raw scores, {@code batch × C}; the seasonal column (the last, if configured) is an output: this
     *     method writes the squared standardised deviation {@code z²} of the value from its phase's profile into
     *     it ({@code NaN} while the profile warms up)
     * @param timestamps each stream's observation time in epoch milliseconds ({@code null}: no seasonal score)
     * @param values each stream's observed value (the first dimension; {@code null}: no seasonal score); a
     *     non-finite value is skipped by the profile
     */
    public void update(State[] states, float[] raw, long[] timestamps, float[] values, int batch, float[] calibrated,
            float[] combined, double[] combinedTail) {
        if (batch > states.length || raw.length < batch * c || calibrated.length < batch * c
                || (combined != null && combined.length < batch)
                || (combinedTail != null && combinedTail.length < batch)
                || (timestamps != null && timestamps.length < batch) || (values != null && values.length < batch)) {
            throw new IllegalArgumentException("batch " + batch + " does not fit the given arrays");
        }
        for (int b = 0; b < batch; b++) {
            State s = states[b];
            if (seasonalIndex >= 0) {
                raw[b * c + seasonalIndex] = timestamps == null || values == null ? Float.NaN
                        : s.profile(timestamps[b], values[b], seasonal);
            }
            if (shapeIndex >= 0) {
                raw[b * c + shapeIndex] = values == null ? Float.NaN : s.shape.score(values[b]);
            }
            double fisher = 0;
            int m = 0;
            for (int i = 0; i < c; i++) {
                double tail = s.update(i, transform(i, raw[b * c + i]), invShort, invLong, config.warmup());
                calibrated[b * c + i] = Double.isNaN(tail) ? Float.NaN : (float) (1 - tail);
                if (!Double.isNaN(tail)) {
                    m++;
                    fisher += fisherTerm(tail);
                }
            }
            double tail = m == 0 ? Double.NaN : fisherTail(fisher, m);
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
     * Fisher's combination of the calibrated scores {@code p[off .. off + n)} (class comment): {@code 1 −} the
     * χ²<sub>2m</sub> upper tail of {@code −2 Σ ln(1 − p_i)} over the {@code m} non-{@code NaN} values; {@code NaN}
     * if all are {@code NaN}.
     */
    public static float combine(float[] p, int off, int n) {
        double fisher = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            float v = p[off + i];
            if (!Float.isNaN(v)) {
                m++;
                fisher += fisherTerm(1 - (double) v);
            }
        }
        return m == 0 ? Float.NaN : (float) (1 - fisherTail(fisher, m));
    }

    /** {@code −2 ln t}, with a tail of 0 (below double's range) read as the smallest normal double. */
    static double fisherTerm(double tail) {
        return -2 * Math.log(Math.max(tail, Double.MIN_NORMAL));
    }

    /**
     * Upper tail of χ² with {@code 2m} degrees of freedom at {@code x}: {@code e^{−x/2} Σ_{j<m} (x/2)^j / j!}
     * (the Poisson form of the even-degree χ² tail), in [0, 1].
     */
    static double fisherTail(double x, int m) {
        double h = x / 2;
        double term = 1;
        double sum = 1;
        for (int j = 1; j < m; j++) {
            term *= h / j;
            sum += term;
        }
        return Math.min(1, Math.exp(-h) * sum);
    }

    /**
     * Per-stream state: for each component, a count and the short mean, long mean and long variance; whether the
     * last combined tail was an alert; with a seasonal profile, the stream's first timestamp and per phase a count,
     * mean and variance of the values.
     */
    public static final class State implements StreamState {
        private final int[] count;
        private final float[] stats;
        private boolean alert;
        /** Timestamp of the stream's first value seen by the profile; {@link Long#MIN_VALUE} before it. */
        private long first = Long.MIN_VALUE;
        private final int[] bucketCount;
        /** Per phase: mean, variance. */
        private final float[] bucketStats;
        /** The profile's cycle length (for the binary form); 0 without a profile. */
        private final long periodMillis;
        /** The shape memory, or {@code null} without one. */
        private final ShapeMemory shape;
        private final ScoreNormaliserConfig.Shape shapeConfig;

        State(int components, ScoreNormaliserConfig.Seasonal profile, ScoreNormaliserConfig.Shape shapeConfig) {
            this.shapeConfig = shapeConfig;
            this.shape = shapeConfig == null ? null : new ShapeMemory(shapeConfig);
            this.count = new int[components];
            this.stats = new float[3 * components];
            this.bucketCount = profile == null ? null : new int[profile.buckets()];
            this.bucketStats = profile == null ? null : new float[2 * profile.buckets()];
            this.periodMillis = profile == null ? 0 : profile.periodMillis();
        }

        /**
         * Scores {@code x} at time {@code t} against its phase of the profile ({@code z²}, or {@code NaN} while
         * warming up or for a non-finite value), then folds it into that phase (class comment).
         */
        float profile(long t, float x, ScoreNormaliserConfig.Seasonal p) {
            if (!Float.isFinite(x)) {
                return Float.NaN;
            }
            if (first == Long.MIN_VALUE) {
                first = t;
            }
            long period = p.periodMillis();
            int k = (int) Math.min(p.buckets() - 1, (double) Math.floorMod(t, period) / period * p.buckets());
            int n = bucketCount[k] == Integer.MAX_VALUE ? bucketCount[k] : ++bucketCount[k];
            double mean = bucketStats[2 * k];
            double var = bucketStats[2 * k + 1];
            // backward timestamps give negative elapsed time: count at least one cycle
            double cycles = Math.max(1, (double) (t - first) / period);
            float z2 = Float.NaN;
            double delta = x - mean;
            if (n > 2 && cycles >= p.warmupPeriods()) {
                double std = Math.max(Math.sqrt(var), Math.max(MIN_STD, MIN_RELATIVE_STD * Math.abs(mean)));
                double z = delta / std;
                z2 = (float) (z * z);
            }
            double a = Math.min(1, Math.max(1.0 / n, cycles / (n * p.windowPeriods())));
            mean += a * delta;
            var = (1 - a) * (var + a * delta * delta);
            bucketStats[2 * k] = (float) mean;
            bucketStats[2 * k + 1] = (float) var;
            return z2;
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
            return 8 + 16 * count.length + (bucketCount == null ? 0 : 16 + 12 * bucketCount.length)
                    + (shape == null ? 0 : 16 + shape.serializedSize());
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
            out.putInt(bucketCount == null ? 0 : bucketCount.length);
            if (bucketCount != null) {
                out.putLong(periodMillis);
                out.putLong(first);
                for (int k = 0; k < bucketCount.length; k++) {
                    out.putInt(bucketCount[k]);
                    out.putFloat(bucketStats[2 * k]);
                    out.putFloat(bucketStats[2 * k + 1]);
                }
            }
            out.put((byte) (shape == null ? 0 : 1));
            if (shape != null) {
                out.putInt(shapeConfig.window());
                out.putInt(shapeConfig.segments());
                out.putInt(shapeConfig.memory());
                out.putInt(shapeConfig.stride());
                shape.writeTo(out);
            }
        }

        @Override
        public boolean isFinite() {
            for (float v : stats) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            if (bucketStats != null) {
                for (float v : bucketStats) {
                    if (!Float.isFinite(v)) {
                        return false;
                    }
                }
            }
            return shape == null || shape.isFinite();
        }

        @Override
        public long heapBytes() {
            return 16 + 4 * 8 + 8 + 8 + 8 + (16 + 4L * count.length) + (16 + 12L * count.length)
                    + (bucketCount == null ? 0 : (16 + 4L * bucketCount.length) + (16 + 8L * bucketCount.length))
                    + (shape == null ? 0 : 8 + shape.heapBytes());
        }
    }
}
