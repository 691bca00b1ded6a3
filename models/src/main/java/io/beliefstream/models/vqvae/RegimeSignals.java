package io.beliefstream.models.vqvae;

import io.beliefstream.models.vqvae.internal.SplitMix64;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Synthetic scalar signals with distinct regimes (shapes), for training the default VQ-VAE and for the regime-drift
 * evaluation. Every shape is periodic with unit amplitude before scaling; a regime adds Gaussian noise.
 */
public final class RegimeSignals {
    private RegimeSignals() {}

    /** Periodic shapes, each a function of the phase {@code u ∈ [0, 1)}. */
    public enum Shape {
        /** {@code sin(2πu)}. */
        SINE,
        /** {@code +1} for the first half of the period, {@code −1} for the second. */
        SQUARE,
        /** Rising ramp from −1 to 1, then a drop. */
        SAWTOOTH,
        /** A narrow pulse (first 15% of the period at +1, else −0.2). */
        PULSE,
        /** Symmetric triangle between −1 and 1. */
        TRIANGLE,
        /**
         * A damped ringing burst: {@code exp(−5u)·sin(6πu)} (three decaying oscillations per period); the default
         * model never sees it in training.
         */
        RINGING;

        /** The value at phase {@code u ∈ [0, 1)}. */
        public double at(double u) {
            return switch (this) {
                case SINE -> Math.sin(2 * Math.PI * u);
                case SQUARE -> u < 0.5 ? 1 : -1;
                case SAWTOOTH -> 2 * u - 1;
                case PULSE -> u < 0.15 ? 1 : -0.2;
                case TRIANGLE -> u < 0.5 ? 4 * u - 1 : 3 - 4 * u;
                case RINGING -> Math.exp(-5 * u) * Math.sin(6 * Math.PI * u);
            };
        }

        /** Root mean square of the shape over one period (numerically, 10,000 points). */
        public double rms() {
            double s = 0;
            int n = 10_000;
            for (int i = 0; i < n; i++) {
                double v = at((i + 0.5) / n);
                s += v * v;
            }
            return Math.sqrt(s / n);
        }

        /** Lower-case name, for reports. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The shapes the default model is trained on. */
    public static final List<Shape> TRAINING_SHAPES = List.of(Shape.SINE, Shape.SQUARE, Shape.SAWTOOTH, Shape.PULSE);

    /**
     * One regime: a shape with a period (observations), amplitude, offset and noise standard deviation.
     */
    public record Regime(Shape shape, double period, double amplitude, double offset, double noise) {
        public Regime {
            if (shape == null) {
                throw new IllegalArgumentException("shape must not be null");
            }
            if (!(period >= 2)) {
                throw new IllegalArgumentException("period must be at least 2, got " + period);
            }
            if (!(noise >= 0)) {
                throw new IllegalArgumentException("noise must be non-negative, got " + noise);
            }
        }

        /** Value at time {@code t} with phase offset {@code phase} (in periods), plus noise from {@code rnd}. */
        double sample(long t, double phase, SplitMix64 rnd) {
            double u = t / period + phase;
            u -= Math.floor(u);
            return offset + amplitude * shape.at(u) + noise * rnd.nextGaussian();
        }
    }

    /** {@code length} observations of one regime starting at a random phase. */
    public static float[] series(Regime regime, int length, long seed) {
        SplitMix64 rnd = new SplitMix64(seed);
        double phase = rnd.nextDouble();
        float[] out = new float[length];
        for (int t = 0; t < length; t++) {
            out[t] = (float) regime.sample(t, phase, rnd);
        }
        return out;
    }

    /**
     * The default training corpus: for each of {@link #TRAINING_SHAPES}, {@code seriesPerShape} series of
     * {@code length} observations with period uniform in [12, 48], amplitude in [0.5, 5], offset in [−10, 10] and
     * noise 2–10% of the amplitude.
     */
    public static List<float[]> trainingCorpus(int seriesPerShape, int length, long seed) {
        SplitMix64 rnd = new SplitMix64(seed);
        List<float[]> out = new ArrayList<>();
        for (Shape s : TRAINING_SHAPES) {
            for (int i = 0; i < seriesPerShape; i++) {
                double amp = 0.5 + 4.5 * rnd.nextDouble();
                Regime r = new Regime(s, 12 + 36 * rnd.nextDouble(), amp, -10 + 20 * rnd.nextDouble(),
                        amp * (0.02 + 0.08 * rnd.nextDouble()));
                out.add(series(r, length, rnd.nextLong()));
            }
        }
        return out;
    }

    /**
     * Generic, non-periodic signals that teach the autoencoder windows in general rather than a few shapes: a
     * sum of three sinusoids with random periods in [6, 96], random amplitudes and phases, plus a mean-reverting
     * random walk ({@code y_t = 0.98 y_{t−1} + N(0, 0.3²)}), in equal proportion; {@code count} series.
     */
    public static List<float[]> genericCorpus(int count, int length, long seed) {
        SplitMix64 rnd = new SplitMix64(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] s = new float[length];
            if (i % 2 == 0) {
                double[] period = new double[3];
                double[] amp = new double[3];
                double[] ph = new double[3];
                for (int j = 0; j < 3; j++) {
                    period[j] = 6 + 90 * rnd.nextDouble();
                    amp[j] = rnd.nextDouble();
                    ph[j] = rnd.nextDouble();
                }
                for (int t = 0; t < length; t++) {
                    double v = 0.05 * rnd.nextGaussian();
                    for (int j = 0; j < 3; j++) {
                        v += amp[j] * Math.sin(2 * Math.PI * (t / period[j] + ph[j]));
                    }
                    s[t] = (float) v;
                }
            } else {
                double y = 0;
                for (int t = 0; t < length; t++) {
                    y = 0.98 * y + 0.3 * rnd.nextGaussian();
                    s[t] = (float) y;
                }
            }
            out.add(s);
        }
        return out;
    }

    /** A stream that runs through {@code regimes} in turn, {@code phaseLength} observations each. */
    public static final class RegimeStream {
        private final List<Regime> regimes;
        private final int phaseLength;
        private final SplitMix64 rnd;
        private final double phase;
        private long t;

        public RegimeStream(List<Regime> regimes, int phaseLength, long seed) {
            if (regimes.isEmpty()) {
                throw new IllegalArgumentException("regimes must not be empty");
            }
            if (phaseLength < 1) {
                throw new IllegalArgumentException("phaseLength must be at least 1, got " + phaseLength);
            }
            this.regimes = List.copyOf(regimes);
            this.phaseLength = phaseLength;
            this.rnd = new SplitMix64(seed);
            this.phase = rnd.nextDouble();
        }

        /** Index of the regime the next observation comes from. */
        public int currentPhase() {
            return (int) Math.min(regimes.size() - 1, t / phaseLength);
        }

        /** The next observation. */
        public float next() {
            Regime r = regimes.get(currentPhase());
            float v = (float) r.sample(t, phase, rnd);
            t++;
            return v;
        }
    }
}
