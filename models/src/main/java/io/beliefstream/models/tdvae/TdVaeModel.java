package io.beliefstream.models.tdvae;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.ConformalIntervals;
import io.beliefstream.models.stats.Gaussians;
import io.beliefstream.models.tdvae.internal.TdVaeNet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A trained TD-VAE served over many streams ({@link SequenceModel}). Each {@link Kernel#step} absorbs {@code x_t}
 * into every stream's belief ({@code b_t = LSTM(b_{t-1}, x_t)}) and makes one jumpy forecast per horizon {@code k}:
 * {@code z_t} = mean of {@code p_B(z|b_t)}, one transition {@code p_T(z|z_t, k)} (mean {@code μ_T}, std
 * {@code σ_T}), then the decoder, <b>moment-matched to first order</b> (no sampling, so forecasts are
 * deterministic): mean {@code μ_D(μ_T)}, variance {@code σ_D(μ_T)² + Σ_j (∂μ_D/∂z_j)² σ_{T,j}²}. The interval is
 * the Gaussian central interval of that mean and variance. The uncertainty of {@code z_t} itself (the belief
 * variance) is not propagated.
 *
 * <p><b>Normalisation.</b> The bundle stores the training data's mean and standard deviation and how the training
 * data were scaled. With {@link Scaling#BUNDLE_STATISTICS} every stream is normalised by the bundle's statistics.
 * With {@link Scaling#RUNNING_PER_STREAM} each stream keeps its own running mean and variance in its state: an exact
 * running average over its first {@value #RUNNING_WINDOW} observations, then an exponential average of weight
 * {@code 1/}{@value #RUNNING_WINDOW}; the std is floored at {@code max(1e-6, 1e-3·|mean|)}. The window matches how
 * the default bundle's inputs were scaled in training: each 300-observation training sequence by its own mean and
 * std, and an exponential average of weight {@code 2/(N + 1)} has the mean age of an {@code N}-point window
 * (the usual span equivalence), so {@code N = 300} gives weight {@code 1/150.5}. Forecasts are mapped
 * back to raw units with the statistics current at the time they are made; surprises are in raw units (nats).
 * The default follows the bundle: GLOBAL training → bundle statistics, PER_SEQUENCE → running per stream.
 *
 * <p><b>Calibrated intervals.</b> With {@link Calibration#CONFORMAL} (the default) the published interval is not the
 * Gaussian one but the model's forecast mean plus per-stream, per-horizon conformal offsets: when the target of a
 * forecast made {@code k} steps earlier arrives, that horizon's calibrator takes one online quantile-tracking step on
 * the standardised error (see {@code internal.ConformalIntervals}), so each stream's intervals cover the nominal
 * level over time whatever the network's own variance says. The surprise stays the NLL under the network's own
 * Gaussian (the anomaly score is calibrated separately). {@link Calibration#NONE} publishes the network's interval.
 *
 * <p><b>Anchored decoding.</b> Optionally ({@link #withAnchorWeights}) the forecast mean for horizon {@code k} is
 * corrected by the model's current reconstruction error, in normalised units:
 * {@code x̂_{t+k} = μ_D(μ_T(z_t, k)) + w_k·(x_t − μ_D(z_t))}, with {@code z_t} the belief mean and one weight
 * {@code w_k} per horizon. With {@code w_k = 1} the network forecasts the <i>change</i> from the last value
 * ({@code x_t + μ_D(μ_T) − μ_D(z_t)}: an uninformative transition gives the last value, the naive forecast); with
 * {@code w_k = 0} the plain decoded level. Fitted weights (least squares of the target on the two, on data the
 * model may fit, e.g. a validation split) let short horizons keep the last value's precision, which the decoder's
 * reconstruction lacks (its σ is ≈ 0.1 standardised units, larger than a 15-minute change), and long horizons keep
 * the network's pull towards a level.
 *
 * <p><b>Linear skip path.</b> Optionally ({@link #withSkipPath}) the network's forecast {@code f_k} (raw units, after
 * the anchoring above) is combined with a linear map of the stream's last {@code L} observations, NLinear-style
 * (Zeng et al. 2023: the window minus its last value): {@code x̂_{t+k} = x_t + Σ_{i=1}^{L−1} a_{k,i}·(x_{t−i} − x_t)
 * + c_k·(f_k − x_t)}. Each stream keeps its last {@code L} observations in a ring (a new state format); lags older
 * than the stream count as {@code x_t}. The form is invariant to the stream's level and scale (every term is a
 * difference), so one set of weights serves streams of any scale. With either option the variance stays the
 * network's, and the published mean is the corrected one: the calibrated interval is centred on it and the surprise
 * is the NLL of the observation under {@code N(corrected mean, network variance)}.
 *
 * <p>Serving runs {@code internal.TdVaeNet}, plain-Java loops over tiles of streams (feature-major, so C2 vectorises
 * across streams) with preallocated buffers and float activation approximations, tested equal to the SameDiff
 * forward pass within 1e-4.
 */
public final class TdVaeModel implements SequenceModel {
    /** Model family name reported with every prediction. */
    public static final String NAME = "td-vae";
    /** Class-path resource of the default bundle shipped in the jar. */
    public static final String DEFAULT_BUNDLE_RESOURCE = "io/beliefstream/models/tdvae/default-tdvae.bsb";
    /** Horizons the service uses by default. */
    public static final int[] DEFAULT_HORIZONS = {1, 5, 20};
    /** Interval level the service uses by default. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.8;
    /**
     * Observations after which the running per-stream statistics become an exponential average of weight
     * {@code 1/RUNNING_WINDOW}: half the length of the default bundle's training sequences (class comment).
     */
    public static final int RUNNING_WINDOW = 150;
    /**
     * Full-tile kernel steps run once per JVM before the first kernel is handed out. The JIT compiles the tile loops
     * for the trip counts it sees first: a JVM whose first steps were single streams kept unvectorised loops and then
     * served B = 1024 at 9.2 instead of 2.9 µs per stream (docs/notes/tdvae.md). About 0.2 s, once.
     */
    static final int JIT_WARMUP_STEPS = 400;
    private static final java.util.concurrent.atomic.AtomicBoolean JIT_WARMED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /** How a stream's observations are scaled before the network sees them. */
    public enum Scaling {
        /** The training statistics stored in the bundle, for every stream. */
        BUNDLE_STATISTICS,
        /** Each stream's own running mean and variance, kept in its state. */
        RUNNING_PER_STREAM
    }

    /** How the published interval is formed. */
    public enum Calibration {
        /** The network's Gaussian central interval {@code μ ± z·σ}. */
        NONE,
        /** Online conformal quantile tracking per stream, horizon and dimension (class comment). */
        CONFORMAL
    }

    private final TrainedTdVae trained;
    private final Calibration calibration;
    private final ConformalIntervals calibrator;
    private final TdVaeNet net;
    private final ModelInfo info;
    private final int[] horizons;
    private final Scaling scaling;
    private final float[] bundleMean;
    private final float[] bundleStd;
    /** Anchor weight {@code w_k} per served horizon index, or {@code null} for none (class comment). */
    private final float[] anchor;
    /** Observations {@code L} of the linear skip path, 0 for none. */
    private final int lookback;
    /** The skip path's {@code a_{k,i}}: row per served horizon index, {@code L − 1} lags each; or {@code null}. */
    private final float[] lagWeights;
    /** The skip path's {@code c_k} per served horizon index, or {@code null}. */
    private final float[] levelWeights;

    /**
     * @param trained the trained model
     * @param horizons forecast horizons, strictly increasing
     * @param intervalLevel central interval mass in (0, 1)
     * @param scaling how streams are normalised, or {@code null} for the bundle's default
     */
    public TdVaeModel(TrainedTdVae trained, int[] horizons, double intervalLevel, Scaling scaling) {
        this(trained, horizons, intervalLevel, scaling, Calibration.CONFORMAL);
    }

    /**
     * @param trained the trained model
     * @param horizons forecast horizons, strictly increasing
     * @param intervalLevel central interval mass in (0, 1)
     * @param scaling how streams are normalised, or {@code null} for the bundle's default
     * @param calibration how the published intervals are formed
     */
    public TdVaeModel(TrainedTdVae trained, int[] horizons, double intervalLevel, Scaling scaling,
            Calibration calibration) {
        this(trained, horizons, intervalLevel, scaling != null ? scaling : servingScaling(trained), calibration,
                servingAnchor(trained, horizons, "anchorWeights", 1), trained.serving().path("lookback").asInt(0),
                servingAnchor(trained, horizons, "lagWeights", Math.max(1, trained.serving().path("lookback")
                        .asInt(0) - 1)), servingAnchor(trained, horizons, "levelWeights", 1));
    }

    private static void checkWeights(float[] w, int count) {
        if (w == null) {
            return;
        }
        if (w.length != count) {
            throw new IllegalArgumentException(w.length + " weights where " + count + " are needed");
        }
        for (float v : w) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("anchor weight is not finite: " + v);
            }
        }
    }

    /** The bundle's serving scaling ({@link TrainedTdVae#withServing}), or {@code null}. */
    private static Scaling servingScaling(TrainedTdVae trained) {
        String name = trained.serving().path("scaling").asText("");
        if (name.isEmpty()) {
            return null;
        }
        try {
            return Scaling.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ModelException("td-vae bundle has unknown serving scaling '" + name + "'");
        }
    }

    /**
     * The bundle's weights {@code field} ({@link TrainedTdVae#withServing}; {@code width} per stored horizon) at the
     * served horizons, interpolated linearly in the horizon between the stored ones and constant beyond them;
     * {@code null} when the bundle has none.
     */
    static float[] servingAnchor(TrainedTdVae trained, int[] horizons, String field, int width) {
        com.fasterxml.jackson.databind.JsonNode sv = trained.serving();
        com.fasterxml.jackson.databind.JsonNode hs = sv.path("anchorHorizons");
        com.fasterxml.jackson.databind.JsonNode ws = sv.path(field);
        if (ws.isMissingNode()) {
            return null;
        }
        int n = hs.size();
        if (!hs.isArray() || !ws.isArray() || n == 0 || ws.size() != n * width) {
            throw new ModelException("td-vae bundle's anchorHorizons and " + field + " must be arrays of one length");
        }
        double[] h = new double[n];
        double[] w = new double[n * width];
        for (int i = 0; i < n; i++) {
            h[i] = hs.get(i).asDouble(Double.NaN);
            if (!(h[i] >= 1) || (i > 0 && !(h[i] > h[i - 1]))) {
                throw new ModelException("td-vae bundle's anchor horizons must increase from 1");
            }
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = ws.get(i).asDouble(Double.NaN);
            if (!Double.isFinite(w[i])) {
                throw new ModelException("td-vae bundle's " + field + " must be finite numbers");
            }
        }
        float[] out = new float[horizons.length * width];
        for (int k = 0; k < horizons.length; k++) {
            double x = horizons[k];
            int j = 0;
            while (j < n - 1 && h[j + 1] <= x) {
                j++;
            }
            for (int c = 0; c < width; c++) {
                double v;
                if (x <= h[0]) {
                    v = w[c];
                } else if (j == n - 1) {
                    v = w[(n - 1) * width + c];
                } else {
                    v = w[j * width + c] + (w[(j + 1) * width + c] - w[j * width + c]) * (x - h[j]) / (h[j + 1] - h[j]);
                }
                out[k * width + c] = (float) v;
            }
        }
        return out;
    }

    /**
     * The weights with this model's serving choices stored beside them (scaling and anchor weights at its
     * horizons), so that {@link #load} of the saved bundle serves the same forecasts at these horizons.
     */
    public TrainedTdVae servingBundle() {
        com.fasterxml.jackson.databind.node.ObjectNode sv = io.beliefstream.models.bundle.ModelBundle.newMetadata();
        sv.put("scaling", scaling.name());
        if (anchor != null || lagWeights != null) {
            com.fasterxml.jackson.databind.node.ArrayNode hs = sv.putArray("anchorHorizons");
            for (int h : horizons) {
                hs.add(h);
            }
        }
        if (anchor != null) {
            com.fasterxml.jackson.databind.node.ArrayNode ws = sv.putArray("anchorWeights");
            for (float w : anchor) {
                ws.add(w);
            }
        }
        if (lagWeights != null) {
            sv.put("lookback", lookback);
            com.fasterxml.jackson.databind.node.ArrayNode as = sv.putArray("lagWeights");
            for (float v : lagWeights) {
                as.add(v);
            }
            com.fasterxml.jackson.databind.node.ArrayNode cs = sv.putArray("levelWeights");
            for (float v : levelWeights) {
                cs.add(v);
            }
        }
        return trained.withServing(sv);
    }

    private TdVaeModel(TrainedTdVae trained, int[] horizons, double intervalLevel, Scaling scaling,
            Calibration calibration, float[] anchor, int lookback, float[] lagWeights, float[] levelWeights) {
        checkWeights(anchor, horizons.length);
        if ((lagWeights == null) != (levelWeights == null)) {
            throw new IllegalArgumentException("the skip path needs both lag and level weights");
        }
        if (lagWeights != null) {
            if (lookback < 2 || lookback > Short.MAX_VALUE) {
                throw new IllegalArgumentException("lookback must be in [2, " + Short.MAX_VALUE + "], got "
                        + lookback);
            }
            checkWeights(lagWeights, horizons.length * (lookback - 1));
            checkWeights(levelWeights, horizons.length);
        }
        this.anchor = anchor == null ? null : anchor.clone();
        this.lookback = lagWeights == null ? 0 : lookback;
        this.lagWeights = lagWeights == null ? null : lagWeights.clone();
        this.levelWeights = levelWeights == null ? null : levelWeights.clone();
        this.trained = trained;
        this.calibration = java.util.Objects.requireNonNull(calibration, "calibration");
        this.calibrator = new ConformalIntervals(intervalLevel);
        this.net = new TdVaeNet(trained.config(), trained.params());
        this.scaling = scaling != null ? scaling
                : trained.normalisation() == TdVaeTrainingConfig.Normalisation.GLOBAL ? Scaling.BUNDLE_STATISTICS
                        : Scaling.RUNNING_PER_STREAM;
        TdVaeConfig c = trained.config();
        String fp = trained.fingerprint();
        String version = anchor == null && lagWeights == null ? fp
                : fp + "-a" + Integer.toHexString(31 * (31 * Arrays.hashCode(anchor) + Arrays.hashCode(lagWeights))
                        + Arrays.hashCode(levelWeights));
        this.info = new ModelInfo(NAME, version, NAME + "/v" + TdVaeState.VERSION + "/" + fp + "/b" + c.beliefSize()
                + "/d" + c.inputDim() + "/h" + Arrays.toString(horizons) + "/" + this.scaling
                + (calibration == Calibration.CONFORMAL ? "/conformal" : "")
                + (this.lookback > 0 ? "/v" + TdVaeState.VERSION_WITH_LAGS + "/lags" + this.lookback : ""),
                c.inputDim(),
                horizons, intervalLevel);
        this.horizons = info.horizons();
        this.bundleMean = trained.mean();
        this.bundleStd = trained.std();
    }

    /** The default bundle shipped in the jar, with the given horizons and interval level. */
    public static TdVaeModel loadDefault(int[] horizons, double intervalLevel) {
        try {
            return new TdVaeModel(TrainedTdVae.loadResource(DEFAULT_BUNDLE_RESOURCE), horizons, intervalLevel, null);
        } catch (IOException e) {
            throw new ModelException("cannot read the default TD-VAE bundle " + DEFAULT_BUNDLE_RESOURCE, e);
        }
    }

    /** A bundle file, with the given horizons and interval level and the bundle's default scaling. */
    public static TdVaeModel load(Path bundle, int[] horizons, double intervalLevel) throws IOException {
        return new TdVaeModel(TrainedTdVae.load(bundle), horizons, intervalLevel, null);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    public TrainedTdVae trained() {
        return trained;
    }

    public Scaling scaling() {
        return scaling;
    }

    public Calibration calibration() {
        return calibration;
    }

    /**
     * This model with anchored decoding (class comment): {@code weights[i]} is {@code w_k} of horizon
     * {@code info().horizon(i)}; {@code null} serves the plain decoded level. States stay interchangeable.
     */
    public TdVaeModel withAnchorWeights(double[] weights) {
        return new TdVaeModel(trained, horizons, info.intervalLevel(), scaling, calibration, toFloats(weights),
                lookback, lagWeights, levelWeights);
    }

    /**
     * This model with the linear skip path (class comment) over the last {@code lookback} observations:
     * {@code lagWeights[i·(L−1) + j]} is {@code a_{k,j+1}} and {@code levelWeights[i]} is {@code c_k} of horizon
     * {@code info().horizon(i)}; {@code null} weights remove the path. Each stream's state then also keeps its last
     * {@code L} observations (a new state format).
     */
    public TdVaeModel withSkipPath(int lookback, double[] lagWeights, double[] levelWeights) {
        return new TdVaeModel(trained, horizons, info.intervalLevel(), scaling, calibration, anchor,
                lagWeights == null ? 0 : lookback, toFloats(lagWeights), toFloats(levelWeights));
    }

    private static float[] toFloats(double[] v) {
        if (v == null) {
            return null;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** The skip path's lookback {@code L} in observations, 0 without one. */
    public int lookback() {
        return lookback;
    }

    /** The anchor weights per served horizon index, or {@code null} (class comment). */
    public double[] anchorWeights() {
        if (anchor == null) {
            return null;
        }
        double[] w = new double[anchor.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = anchor[i];
        }
        return w;
    }

    @Override
    public TdVaeState newState() {
        TdVaeState s = new TdVaeState(trained.config().beliefSize(), trained.config().inputDim(), horizons, lookback);
        calibrator.reset(s.calibration, 0, s.calibration.length / ConformalIntervals.FLOATS);
        return s;
    }

    @Override
    public TdVaeState readState(ByteBuffer in) {
        byte version = in.get();
        byte expected = lookback > 0 ? TdVaeState.VERSION_WITH_LAGS : TdVaeState.VERSION;
        if (version != expected && version != TdVaeState.VERSION_WITHOUT_CALIBRATION) {
            throw new ModelException("td-vae state version " + version + " is not " + expected + " (or "
                    + TdVaeState.VERSION_WITHOUT_CALIBRATION + ")");
        }
        int belief = in.getShort();
        int dim = in.getShort();
        if (belief != trained.config().beliefSize() || dim != trained.config().inputDim()) {
            throw new ModelException("td-vae state has belief size " + belief + " and dimension " + dim
                    + ", model has " + trained.config().beliefSize() + " and " + trained.config().inputDim());
        }
        TdVaeState s = newState();
        try {
            s.readBody(in, version != TdVaeState.VERSION_WITHOUT_CALIBRATION);
            if (version == TdVaeState.VERSION_WITH_LAGS) {
                s.readLags(in);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new ModelException("td-vae state is truncated", e);
        }
        ConformalIntervals.validate(s.calibration, s.calibration.length / ConformalIntervals.FLOATS);
        return s;
    }

    @Override
    public Kernel newKernel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (JIT_WARMED.compareAndSet(false, true)) {
            warmUpJit();
        }
        return new TdVaeKernel(maxBatch);
    }

    /** {@link #JIT_WARMUP_STEPS} steps of one full tile of throw-away streams (see {@link #JIT_WARMUP_STEPS}). */
    private void warmUpJit() {
        int n = TdVaeNet.TILE;
        int d = trained.config().inputDim();
        TdVaeKernel k = new TdVaeKernel(n);
        StreamState[] states = new StreamState[n];
        for (int b = 0; b < n; b++) {
            states[b] = newState();
        }
        float[] x = new float[n * d];
        StepResult out = StepResult.forModel(info, n);
        for (int i = 0; i < JIT_WARMUP_STEPS; i++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) Math.sin(0.1 * i + j);
            }
            k.step(states, x, n, out);
        }
    }

    /**
     * The batched, allocation-free step, one tile of {@link TdVaeNet#TILE} streams at a time: gather (surprise,
     * normalisation, belief into the tile), LSTM, belief mean, the forecasts, scatter (belief, outputs, history).
     */
    private final class TdVaeKernel implements Kernel {
        private final int maxBatch;
        private final TdVaeNet.Scratch scratch;
        private final float[] scale;
        private final float[] offset;
        /** Reconstruction error {@code x_t − μ_D(z_t)} (normalised) per tile column and dimension, when anchored. */
        private final float[] residual;
        /** The skip path's {@code Σ_i a_{k,i}(x_{t−i} − x_t)} (raw) per tile column, horizon index and dimension. */
        private final float[] linear;
        /** {@code x_t} (raw) per tile column and dimension. */
        private final float[] last;
        /** The lag differences {@code x_{t−i} − x_t}, i = 1..L−1, of one stream and dimension. */
        private final float[] diffs;
        private final float zInterval;

        TdVaeKernel(int maxBatch) {
            int d = trained.config().inputDim();
            this.maxBatch = maxBatch;
            this.scratch = net.newScratch(maxBatch);
            this.scale = new float[scratch.tile() * d];
            this.offset = new float[scratch.tile() * d];
            this.residual = new float[scratch.tile() * d];
            this.linear = lagWeights == null ? new float[0] : new float[scratch.tile() * horizons.length * d];
            this.last = new float[scratch.tile() * d];
            this.diffs = new float[Math.max(0, lookback - 1)];
            this.zInterval = (float) Gaussians.centralIntervalZ(info.intervalLevel());
        }

        @Override
        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public void step(StreamState[] states, float[] obs, int batch, StepResult out) {
            int d = trained.config().inputDim();
            if (batch < 0 || batch > maxBatch) {
                throw new IllegalArgumentException("batch " + batch + " outside [0, " + maxBatch + "]");
            }
            if (obs.length < batch * d) {
                throw new IllegalArgumentException("x holds " + obs.length + " values, batch × dim = " + batch * d);
            }
            if (out.maxBatch() < batch || out.horizons() != horizons.length || out.dim() != d) {
                throw new IllegalArgumentException("result is not sized for this model and batch " + batch);
            }
            for (int b = 0; b < batch; b++) {
                if (!(states[b] instanceof TdVaeState)) {
                    throw new ModelException("state " + b + " is not a td-vae state: " + states[b]);
                }
                for (int j = 0; j < d; j++) {
                    if (!Float.isFinite(obs[b * d + j])) {
                        throw new IllegalArgumentException("x of stream " + b + ", dimension " + j
                                + " is not finite: " + obs[b * d + j]);
                    }
                }
            }
            int tile = scratch.tile();
            for (int b0 = 0; b0 < batch; b0 += tile) {
                int n = Math.min(tile, batch - b0);
                gather(states, obs, b0, n, out);
                net.lstmTile(scratch, n);
                for (int t = 0; t < n; t++) {
                    scratch.storeBelief(t, ((TdVaeState) states[b0 + t]).vec, 0);
                }
                net.beliefMeanTile(scratch, n);
                if (anchor != null) {
                    net.reconstructTile(scratch, n);
                    for (int t = 0; t < n; t++) {
                        for (int j = 0; j < d; j++) {
                            residual[t * d + j] -= scratch.mean(t, j);
                        }
                    }
                }
                for (int hi = 0; hi < horizons.length; hi++) {
                    net.forecastTile(scratch, horizons[hi], n);
                    scatter(states, b0, n, hi, out);
                }
            }
        }

        /** Surprise of each observation, running statistics, normalised input and belief into the tile. */
        private void gather(StreamState[] states, float[] obs, int b0, int n, StepResult out) {
            int d = trained.config().inputDim();
            int hb = trained.config().beliefSize();
            for (int t = 0; t < n; t++) {
                int b = b0 + t;
                TdVaeState s = (TdVaeState) states[b];
                long nObs = ++s.observations;
                for (int hi = 0; hi < horizons.length; hi++) {
                    out.surprise[out.surpriseIndex(b, hi)] = s.history.surprise(hi, nObs, obs, b * d);
                    long arrived = nObs - horizons[hi];
                    if (calibration == Calibration.CONFORMAL && arrived > 0) {
                        for (int j = 0; j < d; j++) {
                            calibrator.update(s.calibration, hi * d + j, arrived, obs[b * d + j],
                                    s.history.targetMean(hi, nObs, j), s.history.targetStd(hi, nObs, j),
                                    s.history.targetLowerOffset(hi, nObs, j), s.history.targetUpperOffset(hi, nObs, j));
                        }
                    }
                }
                for (int j = 0; j < d; j++) {
                    float v = obs[b * d + j];
                    float mu;
                    float sd;
                    if (scaling == Scaling.BUNDLE_STATISTICS) {
                        mu = bundleMean[j];
                        sd = bundleStd[j];
                    } else {
                        int mi = 2 * hb + j;
                        int vi = 2 * hb + d + j;
                        double w = 1.0 / Math.min(nObs, RUNNING_WINDOW);
                        double delta = v - s.vec[mi];
                        double m = s.vec[mi] + w * delta;
                        // Welford-style update of the (exponentially) weighted variance
                        double vv = (1 - w) * (s.vec[vi] + w * delta * delta);
                        s.vec[mi] = (float) m;
                        s.vec[vi] = (float) vv;
                        mu = (float) m;
                        sd = (float) Math.max(Math.sqrt(vv), Math.max(1e-6, 1e-3 * Math.abs(m)));
                    }
                    offset[t * d + j] = mu;
                    scale[t * d + j] = sd;
                    scratch.setInput(t, j, (v - mu) / sd);
                    residual[t * d + j] = (v - mu) / sd;
                    last[t * d + j] = v;
                    if (lookback > 0) {
                        skipPath(s, nObs, t, j, v);
                    }
                }
                scratch.loadBelief(t, s.vec, 0);
            }
        }

        /**
         * Records {@code x_t} in the stream's ring and the skip path's linear term for every horizon (a lag older
         * than the stream counts as {@code x_t}).
         */
        private void skipPath(TdVaeState s, long nObs, int t, int j, float v) {
            int d = trained.config().inputDim();
            long now = nObs - 1;
            s.lags[(int) (now % lookback) * d + j] = v;
            int width = lookback - 1;
            for (int i = 1; i <= width; i++) {
                long lag = now - i;
                diffs[i - 1] = lag >= 0 ? s.lags[(int) (lag % lookback) * d + j] - v : 0f;
            }
            for (int hi = 0; hi < horizons.length; hi++) {
                int row = hi * width;
                float acc = 0f;
                for (int i = 0; i < width; i++) {
                    acc += lagWeights[row + i] * diffs[i];
                }
                linear[(t * horizons.length + hi) * d + j] = acc;
            }
        }

        /** Forecast of horizon index {@code hi} in raw units: outputs and the stream's history. */
        private void scatter(StreamState[] states, int b0, int n, int hi, StepResult out) {
            int d = trained.config().inputDim();
            for (int t = 0; t < n; t++) {
                int b = b0 + t;
                TdVaeState s = (TdVaeState) states[b];
                for (int j = 0; j < d; j++) {
                    int tj = t * d + j;
                    float mean = scratch.mean(t, j);
                    if (anchor != null) {
                        mean += anchor[hi] * residual[tj];
                    }
                    float m = offset[tj] + scale[tj] * mean;
                    if (lagWeights != null) {
                        float x = last[tj];
                        m = x + linear[(t * horizons.length + hi) * d + j] + levelWeights[hi] * (m - x);
                    }
                    float sd = scale[tj] * (float) Math.sqrt(scratch.variance(t, j));
                    int i = out.forecastIndex(b, hi, j);
                    out.mean[i] = m;
                    float lo = -zInterval;
                    float up = zInterval;
                    if (calibration == Calibration.CONFORMAL) {
                        lo = calibrator.lowerOffset(s.calibration, hi * d + j);
                        up = calibrator.upperOffset(s.calibration, hi * d + j);
                    }
                    out.lower[i] = m + Math.min(lo, up) * sd;
                    out.upper[i] = m + Math.max(lo, up) * sd;
                    s.history.record(hi, s.observations, j, m, sd);
                    s.history.recordPublishedOffsets(hi, s.observations, j, lo, up);
                }
            }
        }
    }
}
