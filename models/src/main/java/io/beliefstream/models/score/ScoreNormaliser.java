package io.beliefstream.models.score;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.stats.Gaussians;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * <h2>Components</h2>
 *
 * Each raw score comes from a named {@link AnomalyComponent} of the configuration ({@link SurpriseComponent},
 * {@link ReconstructionComponent}, {@link SeasonalComponent}, ...): {@link #measure} asks every component for its raw
 * score of every stream (a component with a per-stream state of its own, such as the seasonal profile, updates it
 * there), then {@link #update} calibrates and combines them. The normaliser knows components only through that
 * interface: adding one changes nothing here.
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
 * {@link State}: per component an observation count (int) and three floats and the component's own state (if it
 * keeps one), and whether the last combined tail was at or below {@link #ONSET_TAIL}. Binary form (version 4,
 * big-endian): {@code version, alert flag, C} (bytes), then per component its name (a length byte and ASCII), the
 * count (int), the three floats and its own state (an int length, then the bytes); {@code 3 + Σ (21 + name + own)}
 * bytes: 404 with the default surprise, reconstruction and daily seasonal components. Components are matched by
 * name when a state is read, so a checkpoint keeps the calibration of every component it shares with the reader.
 * The normaliser itself is immutable and thread-safe; {@link #measure} and {@link #update} allocate nothing.
 */
public final class ScoreNormaliser {
    /**
     * Version byte of a {@link State}'s binary form. Version 4 names each component; versions 1 to 3 were positional
     * (2 appended the onset filter's flag, 3 the seasonal profile). {@link #readState} reads them all, so checkpoints
     * written before keep their calibration.
     */
    public static final byte STATE_VERSION = 4;
    /** Oldest binary form {@link #readState} reads. */
    public static final byte OLDEST_READABLE_STATE_VERSION = 1;
    /**
     * The components of the positional states (versions 1 to 3), by position: the surprise, then the reconstruction
     * error when the state has two model components, then (version 3, with a profile) the seasonal component.
     */
    private static final String[] POSITIONAL = {"surprise", "reconstruction"};
    private static final String POSITIONAL_SEASONAL = "seasonal";
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
    private final AnomalyComponent[] components;
    private final int c;
    private final double invShort;
    private final double invLong;
    private final boolean[] cubeRoot;

    public ScoreNormaliser(ScoreNormaliserConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.components = config.components().toArray(AnomalyComponent[]::new);
        this.c = components.length;
        this.invShort = 1.0 / config.shortWindow();
        this.invLong = 1.0 / config.longWindow();
        this.cubeRoot = new boolean[c];
        for (int i = 0; i < c; i++) {
            cubeRoot[i] = components[i].transform() == ScoreNormaliserConfig.Transform.CUBE_ROOT;
        }
    }

    public ScoreNormaliserConfig config() {
        return config;
    }

    /** The components, in the order of a stream's row of raw and calibrated scores. */
    public List<AnomalyComponent> components() {
        return config.components();
    }

    /** Number of components per stream: the width of the raw and calibrated rows. */
    public int size() {
        return c;
    }

    /** Position of the component named {@code name}, or −1. */
    public int indexOf(String name) {
        for (int i = 0; i < c; i++) {
            if (components[i].name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A fresh state for a stream with no raw score yet. */
    public State newState() {
        State s = new State(c);
        for (int i = 0; i < c; i++) {
            s.own[i] = components[i].newState();
        }
        return s;
    }

    /**
     * Decodes a state written by {@link State#writeTo(ByteBuffer)}, of version {@value #OLDEST_READABLE_STATE_VERSION}
     * to {@value #STATE_VERSION}. Components are matched by name (in the positional versions 1 to 3, by the names of
     * their positions): a component of this normaliser that the state lacks starts afresh, and so does the own state
     * of a component that cannot read it (a profile of other phases or cycle); components the state has and this
     * normaliser has not are skipped.
     *
     * @throws ModelException if the bytes are not a score state of a known version
     */
    public State readState(ByteBuffer in) {
        byte v = in.get();
        if (v < OLDEST_READABLE_STATE_VERSION || v > STATE_VERSION) {
            throw new ModelException("score state version " + v + " is not in [" + OLDEST_READABLE_STATE_VERSION
                    + ", " + STATE_VERSION + "]");
        }
        State s = newState();
        if (v == STATE_VERSION) {
            s.alert = in.get() != 0;
            int n = in.get() & 0xFF;
            for (int j = 0; j < n; j++) {
                byte[] name = new byte[in.get() & 0xFF];
                in.get(name);
                int i = indexOf(new String(name, StandardCharsets.US_ASCII));
                readCalibration(in, s, i);
                int size = in.getInt();
                ByteBuffer own = in.slice(in.position(), size);
                in.position(in.position() + size);
                if (i >= 0 && size > 0) {
                    s.own[i] = ownOrFresh(components[i], own);
                }
            }
            return s;
        }
        // positional layouts: surprise, [reconstruction], then (version 3) the seasonal profile
        int n = in.get();
        if (n < 1 || n > POSITIONAL.length + 1) {
            throw new ModelException("score state (version " + v + ") has " + n + " components");
        }
        int start = in.position();
        in.position(start + 16 * n);
        s.alert = v >= 2 && in.get() != 0;
        int buckets = v >= 3 ? in.getInt() : 0;
        int model = n - (buckets > 0 ? 1 : 0);
        if (model < 1 || model > POSITIONAL.length) {
            throw new ModelException("score state (version " + v + ") has " + n + " components and " + buckets
                    + " seasonal phases");
        }
        int profile = in.position() - 4;
        in.position(start);
        for (int j = 0; j < n; j++) {
            readCalibration(in, s, indexOf(j < model ? POSITIONAL[j] : POSITIONAL_SEASONAL));
        }
        int seasonal = indexOf(POSITIONAL_SEASONAL);
        if (buckets > 0 && seasonal >= 0) {
            s.own[seasonal] = ownOrFresh(components[seasonal], in.position(profile));
        }
        return s;
    }

    /** Reads a count and three floats into component {@code i} of {@code s} ({@code i < 0}: skipped). */
    private static void readCalibration(ByteBuffer in, State s, int i) {
        int count = in.getInt();
        float a = in.getFloat();
        float b = in.getFloat();
        float d = in.getFloat();
        if (i >= 0) {
            s.count[i] = count;
            s.stats[3 * i] = a;
            s.stats[3 * i + 1] = b;
            s.stats[3 * i + 2] = d;
        }
    }

    private static AnomalyComponent.State ownOrFresh(AnomalyComponent component, ByteBuffer in) {
        AnomalyComponent.State read = component.readState(in);
        return read != null ? read : component.newState();
    }

    /**
     * Asks every component for its raw score of each of {@code batch} streams (its column of {@code raw}), updating
     * the components' own states.
     *
     * @param raw output, row-major {@code batch × C}
     */
    public void measure(State[] states, AnomalyInputs in, int batch, float[] raw) {
        if (batch > states.length || raw.length < batch * c) {
            throw new IllegalArgumentException("batch " + batch + " does not fit the given arrays");
        }
        for (int b = 0; b < batch; b++) {
            State s = states[b];
            for (int i = 0; i < c; i++) {
                raw[b * c + i] = components[i].measure(in, b, s.own[i]);
            }
        }
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

    /**
     * Each dimension's share of each of {@code batch} multivariate streams' anomaly at this step, after
     * {@link #update}: every component whose own state is {@link DimensionStats} splits its evidence among the
     * dimensions in proportion to their excess {@code e_d} (the dimensions unusual for themselves), and the
     * components' splits are averaged with the weight each has in Fisher's combination, {@code −2 ln(1 − p_i)}:
     *
     * <pre>
     *   share_d = Σ_i w_i · e_{i,d} / Σ_d' e_{i,d'}  /  Σ_i w_i,    w_i = −2 ln(1 − p_i)
     * </pre>
     *
     * over the components with a calibrated score and some excess. The shares add up to 1, or are all {@code NaN}
     * when no component has a per-dimension breakdown this step.
     *
     * @param shares output, row-major {@code batch × dims}
     */
    public void blame(State[] states, int batch, float[] calibrated, int dims, float[] shares) {
        for (int b = 0; b < batch; b++) {
            State s = states[b];
            int row = b * dims;
            java.util.Arrays.fill(shares, row, row + dims, 0f);
            double total = 0;
            for (int i = 0; i < c; i++) {
                float p = calibrated[b * c + i];
                if (!(s.own[i] instanceof DimensionStats ev) || ev.dims() != dims || Float.isNaN(p)) {
                    continue;
                }
                double sum = 0;
                for (int d = 0; d < dims; d++) {
                    sum += ev.excess(d);
                }
                if (!(sum > 0)) {
                    continue;
                }
                double w = fisherTerm(1 - (double) p);
                total += w;
                for (int d = 0; d < dims; d++) {
                    shares[row + d] += (float) (w * ev.excess(d) / sum);
                }
            }
            for (int d = 0; d < dims; d++) {
                shares[row + d] = total > 0 ? (float) (shares[row + d] / total) : Float.NaN;
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
     * Per-stream state: for each component, a count, the short mean, long mean and long variance of its raw score and
     * its own state (or {@code null}); whether the last combined tail was an alert.
     */
    public final class State implements StreamState {
        private final int[] count;
        private final float[] stats;
        private final AnomalyComponent.State[] own;
        private boolean alert;

        State(int components) {
            this.count = new int[components];
            this.stats = new float[3 * components];
            this.own = new AnomalyComponent.State[components];
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

        /** Component {@code i}'s own state, or {@code null} for a component that keeps none. */
        public AnomalyComponent.State own(int i) {
            return own[i];
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
            int n = 3;
            for (int i = 0; i < count.length; i++) {
                n += 21 + components[i].name().length() + (own[i] == null ? 0 : own[i].serializedSize());
            }
            return n;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put(STATE_VERSION);
            out.put((byte) (alert ? 1 : 0));
            out.put((byte) count.length);
            for (int i = 0; i < count.length; i++) {
                String name = components[i].name();
                out.put((byte) name.length());
                out.put(name.getBytes(StandardCharsets.US_ASCII));
                out.putInt(count[i]);
                out.putFloat(stats[3 * i]);
                out.putFloat(stats[3 * i + 1]);
                out.putFloat(stats[3 * i + 2]);
                out.putInt(own[i] == null ? 0 : own[i].serializedSize());
                if (own[i] != null) {
                    own[i].writeTo(out);
                }
            }
        }

        @Override
        public boolean isFinite() {
            for (float v : stats) {
                if (!Float.isFinite(v)) {
                    return false;
                }
            }
            for (AnomalyComponent.State o : own) {
                if (o != null && !o.isFinite()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public long heapBytes() {
            long n = 16 + 4 * 8 + 8 + (16 + 4L * count.length) + (16 + 12L * count.length)
                    + (16 + 4L * own.length);
            for (AnomalyComponent.State o : own) {
                n += o == null ? 0 : o.heapBytes();
            }
            return n;
        }
    }
}
