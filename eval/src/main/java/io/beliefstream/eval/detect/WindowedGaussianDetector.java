package io.beliefstream.eval.detect;

import io.beliefstream.models.stats.Gaussians;

/**
 * NAB's windowed Gaussian baseline, as NAB runs it ({@code nab/detectors/gaussian}): the score of {@code x_t} is
 * {@code 1 − Q(|x_t − μ|/σ)}, with {@code Q} the standard normal upper tail and {@code μ, σ} the mean and
 * population standard deviation of the window ({@code σ = 0} replaced by {@value #MIN_STD}); the first row scores 0.
 * The window grows to {@value #DEFAULT_WINDOW} values; after that, new values wait in a buffer and the window
 * slides by {@value #DEFAULT_STEP} values at once. These are the settings behind NAB's published
 * windowedGaussian results, which this class reproduces row by row (a test checks it).
 */
public final class WindowedGaussianDetector implements AnomalyDetector {
    /** NAB's window length. */
    public static final int DEFAULT_WINDOW = 6400;
    /** NAB's step: the window slides by this many values at once. */
    public static final int DEFAULT_STEP = 100;
    /** NAB's replacement for a zero standard deviation. */
    public static final double MIN_STD = 0.000001;
    /** Name used in results. */
    public static final String NAME = "windowedGaussian";

    private final double[] window;
    private final double[] buffer;
    private int size;
    private int head;
    private int buffered;
    private double mean;
    private double std = 1;

    public WindowedGaussianDetector() {
        this(DEFAULT_WINDOW, DEFAULT_STEP);
    }

    public WindowedGaussianDetector(int windowSize, int stepSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1, got " + windowSize);
        }
        if (stepSize < 1 || stepSize > windowSize) {
            throw new IllegalArgumentException("stepSize must be in [1, windowSize], got " + stepSize);
        }
        this.window = new double[windowSize];
        this.buffer = new double[stepSize];
    }

    /** A factory of NAB-configured windowed Gaussian detectors. */
    public static DetectorFactory factory() {
        return new DetectorFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public AnomalyDetector create(SeriesInfo info) {
                return new WindowedGaussianDetector();
            }
        };
    }

    @Override
    public double score(long timestampMillis, double value) {
        boolean seen = size > 0;
        double z = absZ(value);
        return seen ? 1 - Gaussians.upperTail(z) : 0.0;
    }

    /**
     * Absorbs a value like {@link #score} and returns {@code |x − μ|/σ} against the window before it (0 for the first
     * value): the statistic behind the score, which keeps apart the values whose score saturates at 1.
     */
    public double absZ(double value) {
        double z = size > 0 ? Math.abs(value - mean) / std : 0.0;
        if (size < window.length) {
            window[size++] = value;
            update();
        } else {
            buffer[buffered++] = value;
            if (buffered == buffer.length) {
                // drop the oldest stepSize values, append the buffer (a ring: overwrite from head)
                for (int k = 0; k < buffered; k++) {
                    window[head] = buffer[k];
                    head = (head + 1) % window.length;
                }
                buffered = 0;
                update();
            }
        }
        return z;
    }

    private void update() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += window[i];
        }
        mean = sum / size;
        double ss = 0;
        for (int i = 0; i < size; i++) {
            double d = window[i] - mean;
            ss += d * d;
        }
        std = Math.sqrt(ss / size);
        if (std == 0.0) {
            std = MIN_STD;
        }
    }
}
