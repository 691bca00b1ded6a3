package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.bundle.ModelBundle;

/**
 * The trained encoder and decoder weights, row-major {@code [in, out]} so a layer is {@code y = x·W + b}:
 * {@code w1 W×H, b1 H, w2 H×D, b2 D} (encoder), {@code w3 D×H, b3 H, w4 H×W, b4 W} (decoder). Immutable by
 * convention: nobody writes into the arrays after construction.
 */
public record VqVaeWeights(int window, int hidden, int latentDim, float[] w1, float[] b1, float[] w2, float[] b2,
        float[] w3, float[] b3, float[] w4, float[] b4) {
    /** Tensor names in a bundle, in order. */
    public static final String[] NAMES = {"enc.w1", "enc.b1", "enc.w2", "enc.b2", "dec.w3", "dec.b3", "dec.w4",
        "dec.b4"};

    public VqVaeWeights {
        check("w1", w1, window * hidden);
        check("b1", b1, hidden);
        check("w2", w2, hidden * latentDim);
        check("b2", b2, latentDim);
        check("w3", w3, latentDim * hidden);
        check("b3", b3, hidden);
        check("w4", w4, hidden * window);
        check("b4", b4, window);
    }

    private static void check(String name, float[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(
                    name + " must hold " + n + " values, got " + (a == null ? "null" : a.length));
        }
    }

    /** Shapes matching {@link #NAMES}. */
    public int[][] shapes() {
        return new int[][] {{window, hidden}, {hidden}, {hidden, latentDim}, {latentDim}, {latentDim, hidden},
            {hidden}, {hidden, window}, {window}};
    }

    /** Arrays matching {@link #NAMES}. */
    public float[][] arrays() {
        return new float[][] {w1, b1, w2, b2, w3, b3, w4, b4};
    }

    /** Adds the tensors to a bundle under {@link #NAMES}. */
    public void addTo(ModelBundle.Builder b) {
        int[][] shapes = shapes();
        float[][] arrays = arrays();
        for (int i = 0; i < NAMES.length; i++) {
            b.tensor(NAMES[i], shapes[i], arrays[i]);
        }
    }

    /** Reads the tensors of a bundle. */
    public static VqVaeWeights from(ModelBundle bundle, int window, int hidden, int latentDim) {
        float[][] a = new float[NAMES.length][];
        for (int i = 0; i < NAMES.length; i++) {
            a[i] = bundle.tensor(NAMES[i]).values();
        }
        try {
            return new VqVaeWeights(window, hidden, latentDim, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
        } catch (IllegalArgumentException e) {
            throw new ModelException("vq-vae bundle tensors do not match its config: " + e.getMessage(), e);
        }
    }

    /** Small random weights (scaled uniform, Glorot), for a fresh model. */
    public static VqVaeWeights random(int window, int hidden, int latentDim, long seed) {
        SplitMix64 r = new SplitMix64(seed);
        return new VqVaeWeights(window, hidden, latentDim, glorot(r, window, hidden), new float[hidden],
                glorot(r, hidden, latentDim), new float[latentDim], glorot(r, latentDim, hidden), new float[hidden],
                glorot(r, hidden, window), new float[window]);
    }

    private static float[] glorot(SplitMix64 r, int in, int out) {
        float[] w = new float[in * out];
        double limit = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((r.nextDouble() * 2 - 1) * limit);
        }
        return w;
    }
}
