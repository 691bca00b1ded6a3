package io.beliefstream.models.optim;

/**
 * The project's one Adam (Kingma and Ba 2015, Algorithm 1, bias-corrected moments) with its standard constants, for
 * every hand-written training loop: the TD-VAE's (parameters as float master copies) and the evaluation's NLinear peer
 * (parameters in double). With step {@code t} (1-based), gradient {@code g}:
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   p ← p − η · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 * The two overloads differ only in the precision the parameters and moments are stored in; the arithmetic is done in
 * double in both. (The VQ-VAE and the scorers train with ND4J's {@code Adam} updater inside their SameDiff graphs.)
 */
public final class Adam {
    /** {@code β₁}, the first moment's decay. */
    public static final double BETA1 = 0.9;
    /** {@code β₂}, the second moment's decay. */
    public static final double BETA2 = 0.999;
    /** {@code ε}, added to the root of the second moment. */
    public static final double EPSILON = 1e-8;

    private Adam() {}

    /**
     * One update of float parameters {@code p} with gradient {@code g·scale} (a clipping factor, or 1) at step
     * {@code t}; {@code m}, {@code v} are the moment estimates, updated in place.
     */
    public static void update(float[] p, float[] g, float[] m, float[] v, double scale, long t, double learningRate) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < p.length; i++) {
            double gi = g[i] * scale;
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * gi);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * gi * gi);
            p[i] -= (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON));
        }
    }

    /** One update of double parameters {@code p} with gradient {@code g} at step {@code t} (1-based). */
    public static void update(double[] p, double[] g, double[] m, double[] v, long t, double learningRate) {
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < p.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
            p[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
    }
}
