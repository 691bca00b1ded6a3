package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;
import java.nio.ByteBuffer;

/**
 * Per-stream state of a window scorer: the ring of the last {@code W} observations and running normalisation
 * statistics. The mean and variance are exponentially weighted with weight {@code a = max(1/n, 1/T)} for the
 * {@code n}-th observation and time constant {@code T}: exact running mean and (population) variance for the first
 * {@code T} observations, an exponential window of about {@code T} afterwards:
 *
 * <pre>
 *   δ = x − μ;  μ ← μ + a δ;  σ² ← (1 − a)(σ² + a δ²)
 * </pre>
 *
 * A window is normalised with the statistics after its newest observation:
 * {@code clip((x_i − μ) / max(σ, 1e-4 + 1e-6·|μ|), ±clip)}.
 *
 * <p>Binary form ({@link #writeTo}): version byte, observation count (long), μ, σ² (floats), window size (byte),
 * then the {@code W} ring floats oldest first: {@code 18 + 4·W} bytes (146 for W = 32).
 */
public final class WindowState implements StreamState {
    /** Version byte of the binary form. */
    public static final byte VERSION = 1;
    /** Absolute floor of the normalising standard deviation. */
    public static final float MIN_STD = 1e-4f;
    /** Floor of the normalising standard deviation relative to {@code |μ|}. */
    public static final float MIN_RELATIVE_STD = 1e-6f;

    private final float[] ring;
    private long observations;
    private float mean;
    private float variance;

    public WindowState(int window) {
        this.ring = new float[window];
    }

    @Override
    public long observations() {
        return observations;
    }

    public int window() {
        return ring.length;
    }

    /** Whether the window is full. */
    public boolean full() {
        return observations >= ring.length;
    }

    public float mean() {
        return mean;
    }

    public float variance() {
        return variance;
    }

    /** The normalising standard deviation, floored. */
    public float std() {
        return Math.max((float) Math.sqrt(variance), MIN_STD + MIN_RELATIVE_STD * Math.abs(mean));
    }

    /** Absorbs one observation: ring and running statistics ({@code invT = 1 / T}). */
    public void push(float x, float invT) {
        ring[(int) (observations % ring.length)] = x;
        observations++;
        float a = Math.max(1f / observations, invT);
        float delta = x - mean;
        mean += a * delta;
        variance = (1 - a) * (variance + a * delta * delta);
    }

    /**
     * Checks the arguments of a window-scorer kernel's {@code score}: {@code batch} within {@code [0, maxBatch]},
     * {@code out} sized for it, window {@code w} and latent {@code latentDim}, and {@code states} and {@code obs}
     * long enough.
     *
     * @throws IllegalArgumentException otherwise
     */
    public static void checkBatch(StreamState[] states, float[] obs, int batch, int maxBatch, WindowResult out, int w,
            int latentDim) {
        if (batch < 0 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be in [0, " + maxBatch + "], got " + batch);
        }
        if (out.maxBatch() < batch || out.window() != w || out.latentDim() != latentDim) {
            throw new IllegalArgumentException("result is sized for batch " + out.maxBatch() + ", window "
                    + out.window() + ", latent " + out.latentDim() + "; need " + batch + ", " + w + ", " + latentDim);
        }
        if (states.length < batch || obs.length < batch) {
            throw new IllegalArgumentException("states and x must hold at least batch = " + batch + " entries");
        }
    }

    /**
     * The first stage of every window-scorer kernel: for {@code b < batch}, pushes {@code obs[b]} into
     * {@code states[b]} (which must be window states of window {@code w}), sets {@code ready[b]} to whether its window
     * is full and writes the normalised window into {@code windows[b·w .. b·w + w)} (zeros when not full).
     *
     * @return the number of full windows
     * @throws IllegalArgumentException if a state is not a window state of window {@code w}
     */
    public static int pushAll(StreamState[] states, float[] obs, int batch, int w, float invT, float clip,
            float[] windows, boolean[] ready) {
        int full = 0;
        for (int b = 0; b < batch; b++) {
            if (!(states[b] instanceof WindowState s)) {
                throw new IllegalArgumentException("state " + b + " is not a window state: "
                        + (states[b] == null ? "null" : states[b].getClass().getName()));
            }
            if (s.window() != w) {
                throw new IllegalArgumentException("state " + b + " has window " + s.window() + ", model " + w);
            }
            s.push(obs[b], invT);
            ready[b] = s.full();
            if (ready[b]) {
                s.normalisedWindow(windows, b * w, clip);
                full++;
            } else {
                java.util.Arrays.fill(windows, b * w, (b + 1) * w, 0f);
            }
        }
        return full;
    }

    /** Writes the normalised window, oldest first, into {@code dst[off .. off + W)}. */
    public void normalisedWindow(float[] dst, int off, float clip) {
        int w = ring.length;
        int start = (int) (observations % w);
        float inv = 1f / std();
        for (int i = 0; i < w; i++) {
            float v = (ring[(start + i) % w] - mean) * inv;
            dst[off + i] = Math.max(-clip, Math.min(clip, v));
        }
    }

    /** Maps a normalised value back to the stream's units. */
    public float denormalise(float v) {
        return v * std() + mean;
    }

    @Override
    public int serializedSize() {
        return 1 + 8 + 4 + 4 + 1 + 4 * ring.length;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        out.put(VERSION);
        out.putLong(observations);
        out.putFloat(mean);
        out.putFloat(variance);
        out.put((byte) ring.length);
        int w = ring.length;
        int start = (int) (observations % w);
        for (int i = 0; i < w; i++) {
            out.putFloat(ring[(start + i) % w]);
        }
    }

    /**
     * Reads a state written by {@link #writeTo} for the scorer {@code kind}; the window size must be {@code window}.
     *
     * @throws ModelException when the bytes are not such a state, a truncated one included
     */
    public static WindowState read(ByteBuffer in, int window, String kind) {
        try {
            return read(in, window);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ModelException(kind + " window state is truncated", e);
        }
    }

    /** Reads a state written by {@link #writeTo}; the window size must be {@code window}. */
    public static WindowState read(ByteBuffer in, int window) {
        byte v = in.get();
        if (v != VERSION) {
            throw new ModelException("window state version " + v + " is not " + VERSION);
        }
        long n = in.getLong();
        if (n < 0) {
            throw new ModelException("window state has a negative observation count " + n);
        }
        float mean = in.getFloat();
        float var = in.getFloat();
        int w = in.get();
        if (w != window) {
            throw new ModelException("window state holds " + w + " observations, model window is " + window);
        }
        WindowState s = new WindowState(window);
        s.observations = n;
        s.mean = mean;
        s.variance = var;
        int start = (int) (n % w);
        for (int i = 0; i < w; i++) {
            s.ring[(start + i) % w] = in.getFloat();
        }
        return s;
    }

    @Override
    public boolean isFinite() {
        if (!Float.isFinite(mean) || !Float.isFinite(variance)) {
            return false;
        }
        for (float v : ring) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long heapBytes() {
        // object header + long + 2 floats + reference, and the ring array
        return 16 + 8 + 8 + 8 + (16 + 4L * ring.length);
    }
}
