package io.beliefstream.models.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Configuration of a {@link ScoreNormaliser}. Immutable; every value is checked in the constructor.
 *
 * @param transforms one {@link Transform} per raw score of a stream, so {@code C = transforms.size()} (for example
 *     {@code [IDENTITY, CUBE_ROOT]}: TD-VAE surprise, VQ-VAE reconstruction error); 1 to 127 entries
 * @param shortWindow time constant {@code S} (observations) of the short-window mean of a raw score; at least 1
 * @param longWindow time constant {@code L} (observations) of the long-window mean and variance of that short mean;
 *     greater than {@code shortWindow}
 * @param warmup number of raw scores a component absorbs before it reports a calibrated score; at least 2
 * @param seasonal the seasonal profile that adds one more component (the deviation of each value from what the
 *     stream usually does at that phase of its cycle), or {@code null} for none
 * @param shape the shape memory that adds one more component (how far the shape of the stream's last values lies
 *     from every shape it drew before), or {@code null} for none
 */
public record ScoreNormaliserConfig(List<Transform> transforms, double shortWindow, double longWindow, int warmup,
        Seasonal seasonal, Shape shape) {
    /**
     * The per-stream shape memory (see {@link ScoreNormaliser}, "Shape novelty"): each window of {@code window} values
     * is z-normalised and reduced to {@code segments} segment means; its raw score is the squared distance to the
     * nearest of the last {@code memory} stored shapes, one stored every {@code stride} values.
     *
     * @param window values per window; at least 2, a multiple of {@code segments}, at most {@value #MAX_WINDOW}
     * @param segments segment means per shape; at least 1
     * @param memory shapes remembered; 2 to {@value #MAX_MEMORY}
     * @param stride values between two stored shapes; at least 1
     */
    public record Shape(int window, int segments, int memory, int stride) {
        /** Upper bound on {@code window} (state: 8 bytes per value of the window). */
        public static final int MAX_WINDOW = 4096;
        /** Upper bound on {@code memory}. */
        public static final int MAX_MEMORY = 4096;
        /**
         * Default window: 64 values, so a shape is a stretch long enough to hold a cycle of most sampled signals (a
         * heartbeat at 100-250 Hz is 60-200 values, an hour of 5-minute samples 12), the scorer's 32 doubled.
         */
        public static final int DEFAULT_WINDOW = 64;
        /** Default segments: 8 (8 values each), the resolution of a shape's form, blind to sample-level noise. */
        public static final int DEFAULT_SEGMENTS = 8;
        /** Default memory: 64 shapes, 2 KB per stream. */
        public static final int DEFAULT_MEMORY = 64;
        /** Default stride: 16 values (a quarter window), so the memory spans the last 1,024 values. */
        public static final int DEFAULT_STRIDE = 16;

        public Shape {
            if (window < 2 || window > MAX_WINDOW) {
                throw new IllegalArgumentException("shape.window must be in [2, " + MAX_WINDOW + "], got " + window);
            }
            if (segments < 1 || window % segments != 0) {
                throw new IllegalArgumentException("shape.segments must be at least 1 and divide shape.window "
                        + window + ", got " + segments);
            }
            if (memory < 2 || memory > MAX_MEMORY) {
                throw new IllegalArgumentException("shape.memory must be in [2, " + MAX_MEMORY + "], got " + memory);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("shape.stride must be at least 1, got " + stride);
            }
        }

        /** The defaults: windows of 64 values as 8 segment means, 64 shapes remembered, one every 16 values. */
        public static Shape defaults() {
            return new Shape(DEFAULT_WINDOW, DEFAULT_SEGMENTS, DEFAULT_MEMORY, DEFAULT_STRIDE);
        }
    }

    /**
     * The per-stream seasonal profile (see {@link ScoreNormaliser}, "Seasonal profile"): the cycle is split into
     * {@code buckets} phases of equal length, and each phase keeps an exponentially weighted mean and variance of the
     * stream's values over about {@code windowPeriods} cycles. A value far from its phase's mean, in that phase's
     * standard deviations, is evidence; a value that recurs at the same phase every cycle (a daily peak) is not.
     *
     * @param periodMillis length of the cycle in milliseconds of the observations' timestamps; at least 1
     * @param buckets number of phases per cycle; 1 to {@value #MAX_BUCKETS}
     * @param windowPeriods time constant of each phase's statistics, in cycles (whatever the sampling rate); at least 1
     * @param warmupPeriods cycles since the stream's first value before the component reports (and at least three
     *     values in the phase); at least 1
     */
    public record Seasonal(long periodMillis, int buckets, double windowPeriods, double warmupPeriods) {
        /** Upper bound on {@code buckets} (state size: 12 bytes per bucket). */
        public static final int MAX_BUCKETS = 1024;
        /** Default cycle: one day, the dominant cycle of most production metrics (load, traffic, temperature). */
        public static final long DEFAULT_PERIOD_MILLIS = 86_400_000L;
        /** Default phases: 24, one per hour of the day. */
        public static final int DEFAULT_BUCKETS = 24;
        /** Default time constant: 14 cycles (two weeks of days), so a changed daily pattern is learnt in days. */
        public static final double DEFAULT_WINDOW_PERIODS = 14;
        /** Default warm-up: 3 cycles, so each phase has seen at least three cycles' worth of spread. */
        public static final double DEFAULT_WARMUP_PERIODS = 3;

        public Seasonal {
            if (periodMillis < 1) {
                throw new IllegalArgumentException("seasonal.periodMillis must be at least 1, got " + periodMillis);
            }
            if (buckets < 1 || buckets > MAX_BUCKETS) {
                throw new IllegalArgumentException(
                        "seasonal.buckets must be in [1, " + MAX_BUCKETS + "], got " + buckets);
            }
            if (!(windowPeriods >= 1) || Double.isInfinite(windowPeriods)) {
                throw new IllegalArgumentException(
                        "seasonal.windowPeriods must be at least 1 and finite, got " + windowPeriods);
            }
            if (!(warmupPeriods >= 1) || Double.isInfinite(warmupPeriods)) {
                throw new IllegalArgumentException(
                        "seasonal.warmupPeriods must be at least 1 and finite, got " + warmupPeriods);
            }
        }

        /** The default daily profile: 24 hourly phases, 14-day time constant, 3-day warm-up. */
        public static Seasonal daily() {
            return new Seasonal(DEFAULT_PERIOD_MILLIS, DEFAULT_BUCKETS, DEFAULT_WINDOW_PERIODS, DEFAULT_WARMUP_PERIODS);
        }
    }

    /** What is applied to a raw score before it is averaged and calibrated. */
    public enum Transform {
        /** The raw score as is: for scores that can be negative and are roughly symmetric (negative log-likelihoods). */
        IDENTITY,
        /**
         * {@code ∛r} (Wilson–Hilferty: the cube root of a chi-square variable is close to Gaussian): for positive,
         * right-skewed scores such as squared reconstruction errors, whose short means are far from Gaussian on a
         * linear scale (a logarithm over-corrects: it leaves a long left tail and too light a right tail).
         */
        CUBE_ROOT
    }
    /**
     * Default short window: about 5 observations, so a single glitch moves the score less than a sustained one, and an
     * anomaly reaches its full score within a few steps (10 before; measured on NAB, docs/evaluation.md).
     */
    public static final double DEFAULT_SHORT_WINDOW = 5;
    /** Default long window: about 2,000 observations of the stream's normal behaviour. */
    public static final double DEFAULT_LONG_WINDOW = 2000;
    /** Default warm-up: 100 raw scores before the first calibrated one. */
    public static final int DEFAULT_WARMUP = 100;

    public ScoreNormaliserConfig {
        int max = 127 - (seasonal == null ? 0 : 1) - (shape == null ? 0 : 1);
        if (transforms == null || transforms.isEmpty() || transforms.size() > max) {
            throw new IllegalArgumentException("transforms must hold 1 to " + max + " entries, got "
                    + (transforms == null ? "null" : transforms.size()));
        }
        for (Transform t : transforms) {
            if (t == null) {
                throw new IllegalArgumentException("transforms must not contain null");
            }
        }
        transforms = List.copyOf(transforms);
        if (!(shortWindow >= 1) || Double.isInfinite(shortWindow)) {
            throw new IllegalArgumentException("shortWindow must be at least 1 and finite, got " + shortWindow);
        }
        if (!(longWindow > shortWindow) || Double.isInfinite(longWindow)) {
            throw new IllegalArgumentException(
                    "longWindow must be finite and greater than shortWindow " + shortWindow + ", got " + longWindow);
        }
        if (warmup < 2) {
            throw new IllegalArgumentException("warmup must be at least 2, got " + warmup);
        }
    }

    /** A configuration without a seasonal profile or shape memory. */
    public ScoreNormaliserConfig(List<Transform> transforms, double shortWindow, double longWindow, int warmup) {
        this(transforms, shortWindow, longWindow, warmup, null, null);
    }

    /** A configuration without a shape memory. */
    public ScoreNormaliserConfig(List<Transform> transforms, double shortWindow, double longWindow, int warmup,
            Seasonal seasonal) {
        this(transforms, shortWindow, longWindow, warmup, seasonal, null);
    }

    /**
     * Number {@code C} of components per stream: the raw scores the models supply ({@link #modelComponents()}),
     * then one for the shape memory if there is one, then one for the seasonal profile if there is one (always the
     * last).
     */
    public int components() {
        return transforms.size() + (shape == null ? 0 : 1) + (seasonal == null ? 0 : 1);
    }

    /** Number of raw scores the models supply per stream (the entries of {@code transforms}). */
    public int modelComponents() {
        return transforms.size();
    }

    /** The same configuration with the given seasonal profile ({@code null}: none). */
    public ScoreNormaliserConfig withSeasonal(Seasonal profile) {
        return new ScoreNormaliserConfig(transforms, shortWindow, longWindow, warmup, profile, shape);
    }

    /** The same configuration with the given shape memory ({@code null}: none). */
    public ScoreNormaliserConfig withShape(Shape memory) {
        return new ScoreNormaliserConfig(transforms, shortWindow, longWindow, warmup, seasonal, memory);
    }

    /** Defaults for {@code components} raw scores, all {@link Transform#IDENTITY}. */
    public static ScoreNormaliserConfig of(int components) {
        if (components < 1 || components > 127) {
            throw new IllegalArgumentException("components must be in [1, 127], got " + components);
        }
        return of(new ArrayList<>(Collections.nCopies(components, Transform.IDENTITY)));
    }

    /** Defaults with the given transforms. */
    public static ScoreNormaliserConfig of(List<Transform> transforms) {
        return new ScoreNormaliserConfig(transforms, DEFAULT_SHORT_WINDOW, DEFAULT_LONG_WINDOW, DEFAULT_WARMUP);
    }

    /**
     * The configuration the engine is expected to use: component 0 the TD-VAE surprise (a negative log-likelihood,
     * {@link Transform#IDENTITY}), component 1 the VQ-VAE reconstruction error (a mean squared error,
     * {@link Transform#CUBE_ROOT}).
     */
    public static ScoreNormaliserConfig surpriseAndReconstruction() {
        return of(List.of(Transform.IDENTITY, Transform.CUBE_ROOT));
    }
}
