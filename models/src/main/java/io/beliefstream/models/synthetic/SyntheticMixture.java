package io.beliefstream.models.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The documented synthetic mixture the default TD-VAE bundle is trained on. Each sequence is, in units of its own
 * scale {@code s} (log-uniform in [0.01, 100]) around a level {@code c} (uniform in [-10, 10]·s):
 *
 * <ul>
 *   <li>one or two sines (one with probability 0.5), periods log-uniform in {@code [periodMin, periodMax]}
 *       (default [4, 500]), amplitudes uniform in [0.3, 1], random phases;
 *   <li>with probability {@link #trendProbability()} a linear trend of slope uniform in ±2 over the sequence;
 *   <li>with probability {@link #randomWalkProbability()} a Gaussian random walk of step std uniform in
 *       [0.01, 0.1];
 *   <li>white noise with a std picked from {0.01, 0.05, 0.1, 0.2, 0.5};
 *   <li>with probability {@link #levelShiftProbability()} one to three level shifts of size uniform in ±[0.5, 2]
 *       at uniform random times.
 * </ul>
 *
 * @param periodMin shortest sine period in steps
 * @param periodMax longest sine period in steps
 * @param trendProbability probability of a trend
 * @param randomWalkProbability probability of a random-walk component
 * @param levelShiftProbability probability of level shifts
 */
public record SyntheticMixture(double periodMin, double periodMax, double trendProbability,
        double randomWalkProbability, double levelShiftProbability) {
    public static final double DEFAULT_PERIOD_MIN = 4;
    public static final double DEFAULT_PERIOD_MAX = 500;
    public static final double DEFAULT_TREND_PROBABILITY = 0.3;
    public static final double DEFAULT_RANDOM_WALK_PROBABILITY = 0.3;
    public static final double DEFAULT_LEVEL_SHIFT_PROBABILITY = 0.3;
    private static final double[] NOISE_LEVELS = {0.01, 0.05, 0.1, 0.2, 0.5};

    public SyntheticMixture {
        if (!(periodMin >= 2 && periodMax >= periodMin)) {
            throw new IllegalArgumentException("periodMin must be at least 2 and periodMax at least periodMin, got "
                    + periodMin + ", " + periodMax);
        }
        requireProbability("trendProbability", trendProbability);
        requireProbability("randomWalkProbability", randomWalkProbability);
        requireProbability("levelShiftProbability", levelShiftProbability);
    }

    private static void requireProbability(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + p);
        }
    }

    public static SyntheticMixture defaults() {
        return new SyntheticMixture(DEFAULT_PERIOD_MIN, DEFAULT_PERIOD_MAX, DEFAULT_TREND_PROBABILITY,
                DEFAULT_RANDOM_WALK_PROBABILITY, DEFAULT_LEVEL_SHIFT_PROBABILITY);
    }

    /** {@code count} univariate sequences {@code [length][1]}, fully determined by {@code seed}. */
    public List<float[][]> generate(int count, int length, long seed) {
        if (count < 0 || length < 1) {
            throw new IllegalArgumentException("count must be non-negative and length positive, got " + count + ", "
                    + length);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<float[][]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(one(rnd, length));
        }
        return out;
    }

    private float[][] one(SplittableRandom rnd, int length) {
        double scale = Math.exp(Math.log(0.01) + rnd.nextDouble() * (Math.log(100) - Math.log(0.01)));
        double level = (rnd.nextDouble() * 20 - 10) * scale;
        int sines = rnd.nextDouble() < 0.5 ? 1 : 2;
        double[] period = new double[sines];
        double[] amp = new double[sines];
        double[] phase = new double[sines];
        for (int k = 0; k < sines; k++) {
            period[k] = Math.exp(Math.log(periodMin) + rnd.nextDouble() * (Math.log(periodMax) - Math.log(periodMin)));
            amp[k] = 0.3 + 0.7 * rnd.nextDouble();
            phase[k] = rnd.nextDouble() * 2 * Math.PI;
        }
        double slope = rnd.nextDouble() < trendProbability ? (rnd.nextDouble() * 4 - 2) / length : 0;
        double walkStd = rnd.nextDouble() < randomWalkProbability ? 0.01 + 0.09 * rnd.nextDouble() : 0;
        double noise = NOISE_LEVELS[rnd.nextInt(NOISE_LEVELS.length)];
        int shifts = rnd.nextDouble() < levelShiftProbability ? 1 + rnd.nextInt(3) : 0;
        int[] shiftAt = new int[shifts];
        double[] shiftBy = new double[shifts];
        for (int k = 0; k < shifts; k++) {
            shiftAt[k] = rnd.nextInt(length);
            shiftBy[k] = (0.5 + 1.5 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
        }
        float[][] s = new float[length][1];
        double walk = 0;
        for (int t = 0; t < length; t++) {
            double v = slope * t;
            for (int k = 0; k < sines; k++) {
                v += amp[k] * Math.sin(2 * Math.PI * t / period[k] + phase[k]);
            }
            walk += walkStd * Noise.gaussian(rnd);
            v += walk;
            for (int k = 0; k < shifts; k++) {
                if (t >= shiftAt[k]) {
                    v += shiftBy[k];
                }
            }
            v += noise * Noise.gaussian(rnd);
            s[t][0] = (float) (level + scale * v);
        }
        return s;
    }
}
