package io.beliefstream.models.baseline;

import io.beliefstream.models.Kernel;
import io.beliefstream.models.ModelException;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.ConformalIntervals;
import io.beliefstream.models.internal.ForecastHistory;
import java.nio.ByteBuffer;

/**
 * The naive last-value (random-walk) forecaster: {@code x_{t+k} ~ N(x_t, k·σ²)} per dimension, where {@code σ²}
 * is an exponentially weighted mean of squared one-step differences (a weak prior before the first difference). It is
 * a baseline, named as such everywhere it is reported; it learns nothing beyond that running variance. Its published
 * intervals are calibrated online per stream, horizon and dimension like the TD-VAE's ({@code ConformalIntervals}:
 * forecast mean plus offsets in units of {@code √k·σ} tracked from the misses of the published intervals); the
 * surprise stays the NLL under {@code N(x_t, k·σ²)}.
 */
public final class LastValueModel implements SequenceModel {
    /** Model family name reported with every prediction. */
    public static final String NAME = "last-value";
    /** Weight of the newest squared difference in the running variance. */
    public static final double DEFAULT_VARIANCE_DECAY = 0.05;
    /**
     * Before a stream has shown one difference, its one-step standard deviation is taken as this fraction of the
     * first value's magnitude (plus {@link #MIN_STD}); the first difference replaces it.
     */
    public static final double PRIOR_RELATIVE_STD = 0.05;
    /** Floor on the standard deviation, so a flat stream still has a proper distribution. */
    public static final double MIN_STD = 1e-3;
    private static final byte STATE_VERSION = 2;
    /** The state version before interval calibration: readable, its calibration starts afresh. */
    private static final byte STATE_VERSION_WITHOUT_CALIBRATION = 1;

    private final ModelInfo info;
    private final int[] horizons;
    private final double varianceDecay;
    private final ConformalIntervals calibrator;

    public LastValueModel(int inputDim, int[] horizons, double intervalLevel) {
        this.info = new ModelInfo(NAME, "1", "last-value/v" + STATE_VERSION + "/d" + inputDim + "/h"
                + java.util.Arrays.toString(horizons), inputDim, horizons, intervalLevel);
        this.horizons = info.horizons();
        this.varianceDecay = DEFAULT_VARIANCE_DECAY;
        this.calibrator = new ConformalIntervals(intervalLevel);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public State newState() {
        State s = new State(horizons, info.inputDim());
        calibrator.reset(s.calibration, 0, s.calibration.length / ConformalIntervals.FLOATS);
        return s;
    }

    @Override
    public State readState(ByteBuffer in) {
        byte version = in.get();
        if (version != STATE_VERSION && version != STATE_VERSION_WITHOUT_CALIBRATION) {
            throw new ModelException("last-value state version " + version + " is not " + STATE_VERSION + " (or "
                    + STATE_VERSION_WITHOUT_CALIBRATION + ")");
        }
        int dim = in.getShort();
        if (dim != info.inputDim()) {
            throw new ModelException("last-value state has dimension " + dim + ", model has " + info.inputDim());
        }
        State s = newState();
        s.observations = in.getLong();
        for (int d = 0; d < dim; d++) {
            s.last[d] = in.getFloat();
            s.variance[d] = in.getFloat();
        }
        if (version == STATE_VERSION) {
            s.history.readFrom(in);
            for (int i = 0; i < s.calibration.length; i++) {
                s.calibration[i] = in.getFloat();
            }
            ConformalIntervals.validate(s.calibration, s.calibration.length / ConformalIntervals.FLOATS);
        } else {
            s.history.readFromWithoutPublishedIntervals(in);
        }
        return s;
    }

    @Override
    public Kernel newKernel(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        final int dim = info.inputDim();
        final float[] sqrtK = new float[horizons.length];
        for (int h = 0; h < horizons.length; h++) {
            sqrtK[h] = (float) Math.sqrt(horizons[h]);
        }
        return new Kernel() {
            @Override
            public int maxBatch() {
                return maxBatch;
            }

            @Override
            public void step(StreamState[] states, float[] x, int batch, StepResult out) {
                if (batch > maxBatch) {
                    throw new IllegalArgumentException("batch " + batch + " exceeds maxBatch " + maxBatch);
                }
                for (int b = 0; b < batch; b++) {
                    State s = (State) states[b];
                    int xOff = b * dim;
                    long n = ++s.observations;
                    for (int h = 0; h < horizons.length; h++) {
                        out.surprise[out.surpriseIndex(b, h)] = s.history.surprise(h, n, x, xOff);
                        long arrived = n - horizons[h];
                        for (int d = 0; arrived > 0 && d < dim; d++) {
                            calibrator.update(s.calibration, h * dim + d, arrived, x[xOff + d],
                                    s.history.targetMean(h, n, d), s.history.targetStd(h, n, d),
                                    s.history.targetLowerOffset(h, n, d), s.history.targetUpperOffset(h, n, d));
                        }
                    }
                    for (int d = 0; d < dim; d++) {
                        float v = x[xOff + d];
                        if (n == 1) {
                            double prior = PRIOR_RELATIVE_STD * Math.abs(v) + MIN_STD;
                            s.variance[d] = (float) (prior * prior);
                        } else {
                            float diff = v - s.last[d];
                            s.variance[d] = (float) (n == 2 ? diff * diff
                                    : (1 - varianceDecay) * s.variance[d] + varianceDecay * diff * diff);
                        }
                        s.last[d] = v;
                        float std1 = (float) Math.max(MIN_STD, Math.sqrt(s.variance[d]));
                        for (int h = 0; h < horizons.length; h++) {
                            float std = std1 * sqrtK[h];
                            int i = out.forecastIndex(b, h, d);
                            float lo = calibrator.lowerOffset(s.calibration, h * dim + d);
                            float up = calibrator.upperOffset(s.calibration, h * dim + d);
                            out.mean[i] = v;
                            out.lower[i] = v + Math.min(lo, up) * std;
                            out.upper[i] = v + Math.max(lo, up) * std;
                            // before the first difference the spread is only a prior: no surprise is scored
                            // against it (NaN), so a stream's first observations cannot look anomalous (and the
                            // calibration skips it)
                            s.history.record(h, n, d, v, n == 1 ? Float.NaN : std);
                            s.history.recordPublishedOffsets(h, n, d, lo, up);
                        }
                    }
                }
            }
        };
    }

    /**
     * Per-stream state: last value, running variance of one-step differences, recent forecasts (with their published
     * interval offsets), interval calibration. Binary form: version byte, dimension (short), observations (long), per
     * dimension last value and variance, the history floats, the calibration floats (version 1: history of means and
     * stds only, no calibration).
     */
    public static final class State implements StreamState {
        private long observations;
        private final float[] last;
        private final float[] variance;
        private final ForecastHistory history;
        private final float[] calibration;

        State(int[] horizons, int dim) {
            this.last = new float[dim];
            this.variance = new float[dim];
            this.history = new ForecastHistory(horizons, dim, true);
            this.calibration = new float[horizons.length * dim * ConformalIntervals.FLOATS];
        }

        @Override
        public long observations() {
            return observations;
        }

        /** The last value absorbed in dimension {@code d}. */
        public float last(int d) {
            return last[d];
        }

        @Override
        public int serializedSize() {
            return 1 + 2 + 8 + 8 * last.length + 4 * history.floatCount() + 4 * calibration.length;
        }

        @Override
        public void writeTo(ByteBuffer out) {
            out.put(STATE_VERSION);
            out.putShort((short) last.length);
            out.putLong(observations);
            for (int d = 0; d < last.length; d++) {
                out.putFloat(last[d]);
                out.putFloat(variance[d]);
            }
            history.writeTo(out);
            for (float v : calibration) {
                out.putFloat(v);
            }
        }

        @Override
        public boolean isFinite() {
            for (int d = 0; d < last.length; d++) {
                if (!Float.isFinite(last[d]) || !Float.isFinite(variance[d])) {
                    return false;
                }
            }
            return history.isFinite();
        }

        @Override
        public long heapBytes() {
            return 16 + 8 + 4 * 8 + 2 * (16 + 4L * last.length) + (16 + 4L * calibration.length) + history.heapBytes();
        }
    }
}
