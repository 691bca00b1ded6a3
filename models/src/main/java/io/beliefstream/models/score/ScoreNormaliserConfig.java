package io.beliefstream.models.score;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Configuration of a {@link ScoreNormaliser}. Immutable; every value is checked in the constructor.
 *
 * @param components the {@link AnomalyComponent}s, in the order of a stream's row of raw and calibrated scores (and
 *     of {@code anomaly.components} in a prediction); 1 to 127, with distinct names
 * @param shortWindow time constant {@code S} (observations) of the short-window mean of a raw score; at least 1
 * @param longWindow time constant {@code L} (observations) of the long-window mean and variance of that short mean;
 *     greater than {@code shortWindow}
 * @param warmup number of raw scores a component absorbs before it reports a calibrated score; at least 2
 */
public record ScoreNormaliserConfig(List<AnomalyComponent> components, double shortWindow, double longWindow,
        int warmup) {
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
     * anomaly reaches its full score within a few steps (the choice and its NAB figures: docs/evaluation.md).
     */
    public static final double DEFAULT_SHORT_WINDOW = 5;
    /** Default long window: about 2,000 observations of the stream's normal behaviour. */
    public static final double DEFAULT_LONG_WINDOW = 2000;
    /** Default warm-up: 100 raw scores before the first calibrated one. */
    public static final int DEFAULT_WARMUP = 100;

    public ScoreNormaliserConfig {
        if (components == null || components.isEmpty() || components.size() > 127) {
            throw new IllegalArgumentException("components must hold 1 to 127 entries, got "
                    + (components == null ? "null" : components.size()));
        }
        Set<String> names = new HashSet<>();
        for (AnomalyComponent c : components) {
            if (c == null) {
                throw new IllegalArgumentException("components must not contain null");
            }
            if (!c.name().matches("[a-z][a-z0-9_]{0,63}") || !c.rawName().matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("component names must be 1 to 64 of [a-z0-9_], starting with a "
                        + "letter: " + c.name() + ", " + c.rawName());
            }
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("two components are named " + c.name());
            }
        }
        components = List.copyOf(components);
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

    /** Defaults (windows, warm-up) for the given components. */
    public static ScoreNormaliserConfig of(List<? extends AnomalyComponent> components) {
        return new ScoreNormaliserConfig(List.copyOf(components), DEFAULT_SHORT_WINDOW, DEFAULT_LONG_WINDOW,
                DEFAULT_WARMUP);
    }

    /** Defaults for the given components. */
    public static ScoreNormaliserConfig of(AnomalyComponent... components) {
        return of(List.of(components));
    }

    /** The same windows and warm-up with other components. */
    public ScoreNormaliserConfig withComponents(List<? extends AnomalyComponent> next) {
        return new ScoreNormaliserConfig(List.copyOf(next), shortWindow, longWindow, warmup);
    }

    /** The component named {@code name}, or {@code null}. */
    public AnomalyComponent component(String name) {
        for (AnomalyComponent c : components) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
