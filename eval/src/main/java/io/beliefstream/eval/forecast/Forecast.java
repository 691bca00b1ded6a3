package io.beliefstream.eval.forecast;

/**
 * Preallocated output of {@link Forecaster#observe}: one slot per horizon, and whether the runner will score the
 * forecasts of this origin.
 */
public final class Forecast {
    public final double[] mean;
    public final double[] lower;
    public final double[] upper;
    /**
     * Set by the runner before each {@link Forecaster#observe}: {@code false} when no forecast of this origin is
     * scored. A forecaster whose forecast is costly (a forest's imputation, a refit) may then only absorb the value
     * and leave the slots NaN; one whose state depends on its own forecasts must forecast anyway.
     */
    public boolean scored = true;

    public Forecast(int horizons) {
        if (horizons < 1) {
            throw new IllegalArgumentException("horizons must be at least 1, got " + horizons);
        }
        mean = new double[horizons];
        lower = new double[horizons];
        upper = new double[horizons];
    }

    /** Sets every slot to NaN (no forecast). */
    public void clear() {
        java.util.Arrays.fill(mean, Double.NaN);
        java.util.Arrays.fill(lower, Double.NaN);
        java.util.Arrays.fill(upper, Double.NaN);
    }
}
