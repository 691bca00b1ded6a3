package io.beliefstream.eval.m4;

/**
 * The M4 competition's error measures, as its evaluation code computes them per series (the competition then
 * averages each over the series of a set).
 *
 * <ul>
 *   <li>{@code sMAPE = (1/h) Σ 200·|y_t − ŷ_t| / (|y_t| + |ŷ_t|)}, in percent (a term with {@code y_t = ŷ_t = 0}
 *       counts 0).
 *   <li>{@code MASE = (1/h) Σ |y_t − ŷ_t| / s}, with {@code s = (1/(n−m)) Σ_{t=m+1..n} |x_t − x_{t−m}|} the
 *       in-sample mean absolute error of the seasonal naive forecast (period {@code m}, 24 for hourly series).
 *   <li>{@code MSIS = (1/h) Σ [(U_t − L_t) + (2/α)(L_t − y_t)·1{y_t < L_t} + (2/α)(y_t − U_t)·1{y_t > U_t}] / s}, the
 *       scaled interval score of a {@code (1 − α)} interval (Gneiting and Raftery 2007; α = 0.05 in M4).
 *   <li>{@code OWA = ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2)}, each a mean over the whole set.
 * </ul>
 */
public final class M4Metrics {
    /** The interval level M4 scored: 95% intervals, α = 0.05. */
    public static final double MSIS_ALPHA = 0.05;

    private M4Metrics() {
    }

    /** Symmetric MAPE in percent over the aligned arrays. */
    public static double smape(double[] actual, double[] forecast) {
        check(actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            double den = Math.abs(actual[i]) + Math.abs(forecast[i]);
            s += den == 0 ? 0 : 200 * Math.abs(actual[i] - forecast[i]) / den;
        }
        return s / actual.length;
    }

    /**
     * MASE's scale: the in-sample mean absolute seasonal difference {@code |x_t − x_{t−m}|}.
     *
     * @throws IllegalArgumentException if the series is not longer than one period
     */
    public static double scale(double[] insample, int period) {
        if (insample.length <= period) {
            throw new IllegalArgumentException("in-sample of " + insample.length + " values is not longer than the "
                    + "period " + period);
        }
        double s = 0;
        for (int t = period; t < insample.length; t++) {
            s += Math.abs(insample[t] - insample[t - period]);
        }
        return s / (insample.length - period);
    }

    /** MASE with the given {@link #scale}. */
    public static double mase(double[] actual, double[] forecast, double scale) {
        check(actual, forecast);
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            s += Math.abs(actual[i] - forecast[i]);
        }
        return s / actual.length / scale;
    }

    /** MSIS of the interval {@code [lower, upper]} at {@code alpha}, with the given {@link #scale}. */
    public static double msis(double[] actual, double[] lower, double[] upper, double scale, double alpha) {
        check(actual, lower);
        check(actual, upper);
        double s = 0;
        for (int i = 0; i < actual.length; i++) {
            s += upper[i] - lower[i];
            if (actual[i] < lower[i]) {
                s += 2 / alpha * (lower[i] - actual[i]);
            }
            if (actual[i] > upper[i]) {
                s += 2 / alpha * (actual[i] - upper[i]);
            }
        }
        return s / actual.length / scale;
    }

    /** Share of the actual values inside {@code [lower, upper]}. */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        check(actual, lower);
        check(actual, upper);
        int in = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                in++;
            }
        }
        return (double) in / actual.length;
    }

    /** Overall weighted average: the mean of the two ratios to Naive2's set-wide means. */
    public static double owa(double smape, double mase, double smapeNaive2, double maseNaive2) {
        return 0.5 * (smape / smapeNaive2 + mase / maseNaive2);
    }

    private static void check(double[] a, double[] b) {
        if (a.length == 0 || a.length != b.length) {
            throw new IllegalArgumentException("arrays must be non-empty and of one length, got " + a.length + " and "
                    + b.length);
        }
    }
}
