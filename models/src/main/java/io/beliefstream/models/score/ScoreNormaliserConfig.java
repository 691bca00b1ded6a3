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
 */
public record ScoreNormaliserConfig(List<Transform> transforms, double shortWindow, double longWindow, int warmup) {
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
        if (transforms == null || transforms.isEmpty() || transforms.size() > 127) {
            throw new IllegalArgumentException("transforms must hold 1 to 127 entries, got "
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

    /** Number {@code C} of raw scores per stream. */
    public int components() {
        return transforms.size();
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
