package io.beliefstream.models.tdvae;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.internal.ForecastHistory;
import java.nio.ByteBuffer;

/**
 * Per-stream state of a served {@link TdVaeModel}: the belief LSTM's hidden and cell vectors, the stream's running
 * normalisation (mean and variance per dimension) and the forecasts of the last {@code k} steps per horizon (for
 * surprise). Plain data in one float array plus the history ring.
 *
 * <p>Binary form (big-endian): version byte, belief size (short), input dimension (short), observations (long),
 * {@code 2H + 2D} floats (h, c, running mean, running variance), then the forecast history floats.
 */
public final class TdVaeState implements StreamState {
    static final byte VERSION = 1;

    long observations;
    /** {@code [h (H), c (H), mean (D), var (D)]}. */
    final float[] vec;
    final ForecastHistory history;
    private final int belief;
    private final int dim;

    TdVaeState(int belief, int dim, int[] horizons) {
        this.belief = belief;
        this.dim = dim;
        this.vec = new float[2 * belief + 2 * dim];
        this.history = new ForecastHistory(horizons, dim);
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
        return 1 + 2 + 2 + 8 + 4 * vec.length + 4 * history.floatCount();
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.put(VERSION);
        out.putShort((short) belief);
        out.putShort((short) dim);
        out.putLong(observations);
        for (float v : vec) {
            out.putFloat(v);
        }
        history.writeTo(out);
    }

    void readBody(ByteBuffer in) {
        observations = in.getLong();
        for (int i = 0; i < vec.length; i++) {
            vec[i] = in.getFloat();
        }
        history.readFrom(in);
    }

    @Override
    public boolean isFinite() {
        for (float v : vec) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return history.isFinite();
    }

    @Override
    public long heapBytes() {
        // object header + long + 2 refs + 2 ints, then the float array, then the history
        return 16 + 8 + 2 * 8 + 2 * 4 + (16 + 4L * vec.length) + history.heapBytes();
    }
}
