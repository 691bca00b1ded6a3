package io.beliefstream.models.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The noisy harmonic oscillator of the TD-VAE paper (Gregor et al. 2019, section 5.2), at a small size: a position
 * {@code p} and velocity {@code v} integrated by the symplectic Euler scheme
 * {@code v ← v - ω²p + σ_process·ε}, {@code p ← p + v} with {@code ω = 2π / period}, observed with Gaussian noise:
 * {@code x_t = p_t + σ_obs·η}. Each sequence draws its period uniformly from {@code [periodMin, periodMax]}, its
 * amplitude from {@code [amplitudeMin, amplitudeMax]} and its phase uniformly, so a forecaster must infer all three
 * from the observations.
 *
 * @param periodMin shortest period in steps
 * @param periodMax longest period in steps
 * @param amplitudeMin smallest amplitude
 * @param amplitudeMax largest amplitude
 * @param processNoise standard deviation of the velocity noise per step
 * @param observationNoise standard deviation of the observation noise
 */
public record HarmonicOscillator(double periodMin, double periodMax, double amplitudeMin, double amplitudeMax,
        double processNoise, double observationNoise) {
    public static final double DEFAULT_PERIOD_MIN = 20;
    public static final double DEFAULT_PERIOD_MAX = 30;
    public static final double DEFAULT_AMPLITUDE_MIN = 0.5;
    public static final double DEFAULT_AMPLITUDE_MAX = 1.5;
    public static final double DEFAULT_PROCESS_NOISE = 0.002;
    public static final double DEFAULT_OBSERVATION_NOISE = 0.1;

    public HarmonicOscillator {
        if (!(periodMin >= 4 && periodMax >= periodMin)) {
            throw new IllegalArgumentException("periodMin must be at least 4 and periodMax at least periodMin, got "
                    + periodMin + ", " + periodMax);
        }
        if (!(amplitudeMin > 0 && amplitudeMax >= amplitudeMin)) {
            throw new IllegalArgumentException("amplitudeMin must be positive and amplitudeMax at least amplitudeMin, "
                    + "got " + amplitudeMin + ", " + amplitudeMax);
        }
        if (!(processNoise >= 0)) {
            throw new IllegalArgumentException("processNoise must be non-negative, got " + processNoise);
        }
        if (!(observationNoise >= 0)) {
            throw new IllegalArgumentException("observationNoise must be non-negative, got " + observationNoise);
        }
    }

    public static HarmonicOscillator defaults() {
        return new HarmonicOscillator(DEFAULT_PERIOD_MIN, DEFAULT_PERIOD_MAX, DEFAULT_AMPLITUDE_MIN,
                DEFAULT_AMPLITUDE_MAX, DEFAULT_PROCESS_NOISE, DEFAULT_OBSERVATION_NOISE);
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
            double period = periodMin + rnd.nextDouble() * (periodMax - periodMin);
            double w = 2 * Math.PI / period;
            double amp = amplitudeMin + rnd.nextDouble() * (amplitudeMax - amplitudeMin);
            double phase = rnd.nextDouble() * 2 * Math.PI;
            double p = amp * Math.cos(phase);
            double v = -amp * w * Math.sin(phase);
            float[][] s = new float[length][1];
            for (int t = 0; t < length; t++) {
                s[t][0] = (float) (p + observationNoise * Noise.gaussian(rnd));
                v = v - w * w * p + processNoise * Noise.gaussian(rnd);
                p = p + v;
            }
            out.add(s);
        }
        return out;
    }
}
