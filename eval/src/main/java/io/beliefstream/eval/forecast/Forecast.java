package io.beliefstream.eval.forecast;

/** Preallocated output of {@link Forecaster#observe}: one slot per horizon. */
public final class Forecast {
    public final double[] mean;
    public final double[] lower;
    public final double[] upper;

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
