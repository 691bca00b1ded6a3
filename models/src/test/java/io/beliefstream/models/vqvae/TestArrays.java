package io.beliefstream.models.vqvae;

import java.util.Random;

/** Test helper: random inputs for the codebook and search tests. */
final class TestArrays {
    private TestArrays() {}

    /** {@code n} standard normal floats drawn from {@code rnd} in order. */
    static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
