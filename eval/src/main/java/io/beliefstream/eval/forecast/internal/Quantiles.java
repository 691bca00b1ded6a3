package io.beliefstream.eval.forecast.internal;

import java.util.Arrays;

/** Empirical quantiles with linear interpolation between order statistics (Hyndman and Fan's type 7). */
public final class Quantiles {
    private Quantiles() {
    }

    /**
     * The {@code p}-quantile of the values (NaNs ignored).
     *
     * @throws IllegalArgumentException if {@code p} is outside [0, 1] or no value is a number
     */
    public static double quantile(double[] values, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], got " + p);
        }
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("no values to take a quantile of");
        }
        double h = (v.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }
}
