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
        this.trained = trained;
        this.calibration = java.util.Objects.requireNonNull(calibration, "calibration");
        this.calibrator = new ConformalIntervals(intervalLevel);
        this.net = new TdVaeNet(trained.config(), trained.params());
        this.scaling = scaling != null ? scaling
                : trained.normalisation() == TdVaeTrainingConfig.Normalisation.GLOBAL ? Scaling.BUNDLE_STATISTICS
                        : Scaling.RUNNING_PER_STREAM;
        TdVaeConfig c = trained.config();
        String fp = trained.fingerprint();
        this.info = new ModelInfo(NAME, fp, NAME + "/v" + TdVaeState.VERSION + "/" + fp + "/b" + c.beliefSize()
                + "/d" + c.inputDim() + "/h" + Arrays.toString(horizons) + "/" + this.scaling
                + (calibration == Calibration.CONFORMAL ? "/conformal" : ""), c.inputDim(),
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

    @Override
    public TdVaeState newState() {
        TdVaeState s = new TdVaeState(trained.config().beliefSize(), trained.config().inputDim(), horizons);
        calibrator.reset(s.calibration, 0, s.calibration.length / ConformalIntervals.FLOATS);
        return s;
    }

    @Override
    public TdVaeState readState(ByteBuffer in) {
        byte version = in.get();
        if (version != TdVaeState.VERSION && version != TdVaeState.VERSION_WITHOUT_CALIBRATION) {
            throw new ModelException("td-vae state version " + version + " is not " + TdVaeState.VERSION + " (or "
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
            s.readBody(in, version == TdVaeState.VERSION);
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
        private final float zInterval;

        TdVaeKernel(int maxBatch) {
            int d = trained.config().inputDim();
            this.maxBatch = maxBatch;
            this.scratch = net.newScratch(maxBatch);
            this.scale = new float[scratch.tile() * d];
            this.offset = new float[scratch.tile() * d];
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
                }
                scratch.loadBelief(t, s.vec, 0);
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
                    float m = offset[tj] + scale[tj] * scratch.mean(t, j);
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
