package io.beliefstream.models.tdvae;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.ConformalIntervals;
import io.beliefstream.models.internal.ForecastHistory;
import java.nio.ByteBuffer;

/**
 * Per-stream state of a served {@link TdVaeModel}: the belief LSTM's hidden and cell vectors, the stream's running
 * normalisation (mean and variance per dimension), the forecasts of the last {@code k} steps per horizon (for
 * surprise and calibration) and the interval calibration ({@code ConformalIntervals}: three floats per horizon and
 * dimension). Plain data in float arrays plus the history ring.
 *
 * <p>Binary form (big-endian): version byte, belief size (short), input dimension (short), observations (long),
 * {@code 2H + 2D} floats (h, c, running mean, running variance), the forecast history floats (version 2: mean, std and the
 * published interval's lower and upper offsets per slot and dimension; version 1: mean and std), then (version 2) the
 * {@code 3·K·D} calibration floats. A version-1 body (no calibration) is still read: its calibration starts afresh from
 * the model's own intervals. Version 3 (models with a linear skip path, {@link TdVaeModel#withSkipPath}) appends the
 * ring of the last {@code L} raw observations: {@code L} (short), then {@code L·D} floats.
 */
public final class TdVaeState implements StreamState {
    static final byte VERSION = 2;
    /** Version 2 plus the ring of the last {@code L} observations (models with a linear skip path). */
    static final byte VERSION_WITH_LAGS = 3;
    /** The version before interval calibration: readable, its calibration starts afresh. */
    static final byte VERSION_WITHOUT_CALIBRATION = 1;

    long observations;
    /** {@code [h (H), c (H), mean (D), var (D)]}. */
    final float[] vec;
    final ForecastHistory history;
    /** {@code ConformalIntervals} state of calibrator {@code hi·D + d}: {@code [q_lo, q_hi, scale]}. */
    final float[] calibration;
    /** The last {@code L} raw observations, observation {@code i} (0-based) at {@code (i mod L)·D}; empty if L = 0. */
    final float[] lags;
    final int lookback;
    private final int belief;
    private final int dim;

    TdVaeState(int belief, int dim, int[] horizons) {
        this(belief, dim, horizons, 0);
    }

    TdVaeState(int belief, int dim, int[] horizons, int lookback) {
        this.lookback = lookback;
        this.lags = new float[lookback * dim];
        this.belief = belief;
        this.dim = dim;
        this.vec = new float[2 * belief + 2 * dim];
        this.history = new ForecastHistory(horizons, dim, true);
        this.calibration = new float[horizons.length * dim * ConformalIntervals.FLOATS];
    }

    @Override
    public long observations() {
        return observations;
    }

    /** The belief {@code b_t} (the LSTM hidden vector), component {@code i}. */
    public float belief(int i) {
        if (i < 0 || i >= belief) {
            throw new IndexOutOfBoundsException("belief index " + i + " outside [0, " + belief + ")");
        }
        return vec[i];
    }

    /** The running mean of dimension {@code d} used to normalise this stream. */
    public float runningMean(int d) {
        return vec[2 * belief + d];
    }

    /** The running variance of dimension {@code d} used to normalise this stream. */
    public float runningVariance(int d) {
        return vec[2 * belief + dim + d];
    }

    @Override
    public int serializedSize() {
        return 1 + 2 + 2 + 8 + 4 * vec.length + 4 * history.floatCount() + 4 * calibration.length
                + (lookback > 0 ? 2 + 4 * lags.length : 0);
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.put(lookback > 0 ? VERSION_WITH_LAGS : VERSION);
        out.putShort((short) belief);
        out.putShort((short) dim);
        out.putLong(observations);
        for (float v : vec) {
            out.putFloat(v);
        }
        history.writeTo(out);
        for (float v : calibration) {
            out.putFloat(v);
        }
        if (lookback > 0) {
            out.putShort((short) lookback);
            for (float v : lags) {
                out.putFloat(v);
            }
        }
    }

    /** Reads the ring of a version-3 body, after {@link #readBody}. */
    void readLags(ByteBuffer in) {
        int m = in.getShort();
        if (m != lookback) {
            throw new io.beliefstream.models.ModelException("td-vae state has a ring of " + m
                    + " observations, the model's lookback is " + lookback);
        }
        for (int i = 0; i < lags.length; i++) {
            lags[i] = in.getFloat();
        }
    }

    /** Reads the body after the header; {@code withCalibration} false: a version-1 body (calibration left as is). */
    void readBody(ByteBuffer in, boolean withCalibration) {
        observations = in.getLong();
        for (int i = 0; i < vec.length; i++) {
            vec[i] = in.getFloat();
        }
        if (withCalibration) {
            history.readFrom(in);
        } else {
            history.readFromWithoutPublishedIntervals(in);
        }
        if (withCalibration) {
            for (int i = 0; i < calibration.length; i++) {
                calibration[i] = in.getFloat();
            }
        }
    }

    @Override
    public boolean isFinite() {
        for (float v : vec) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        for (float v : lags) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return history.isFinite();
    }

    @Override
    public long heapBytes() {
        // object header + long + 3 refs + 2 ints, then the float arrays, then the history
        return 16 + 8 + 4 * 8 + 3 * 4 + (16 + 4L * vec.length) + (16 + 4L * calibration.length)
                + (16 + 4L * lags.length) + history.heapBytes();
    }
}
