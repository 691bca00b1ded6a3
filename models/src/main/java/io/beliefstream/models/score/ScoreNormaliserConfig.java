package io.beliefstream.models.score;

/**
 * Configuration of a {@link ScoreNormaliser}. Immutable; every value is checked in the constructor.
 *
 * @param components number {@code C} of raw scores per stream (for example 2: TD-VAE surprise and VQ-VAE
 *     reconstruction error); 1 to 127
 * @param shortWindow time constant {@code S} (observations) of the short-window mean of a raw score; at least 1
 * @param longWindow time constant {@code L} (observations) of the long-window mean and variance of that short mean;
 *     greater than {@code shortWindow}
 * @param warmup number of raw scores a component absorbs before it reports a calibrated score; at least 2
 */
public record ScoreNormaliserConfig(int components, double shortWindow, double longWindow, int warmup) {
    /** Default short window: about 10 observations, so a single glitch moves the score less than a sustained one. */
    public static final double DEFAULT_SHORT_WINDOW = 10;
    /** Default long window: about 2,000 observations of the stream's normal behaviour. */
    public static final double DEFAULT_LONG_WINDOW = 2000;
    /** Default warm-up: 100 raw scores before the first calibrated one. */
    public static final int DEFAULT_WARMUP = 100;

    public ScoreNormaliserConfig {
        if (components < 1 || components > 127) {
            throw new IllegalArgumentException("components must be in [1, 127], got " + components);
        }
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

    /** Defaults for {@code components} raw scores. */
    public static ScoreNormaliserConfig of(int components) {
        return new ScoreNormaliserConfig(components, DEFAULT_SHORT_WINDOW, DEFAULT_LONG_WINDOW, DEFAULT_WARMUP);
    }
}
