package io.beliefstream.eval.forecast;

/** The point and interval metrics of {@code evaluate forecast}, on plain arrays. */
public final class ForecastMetrics {
    private ForecastMetrics() {
    }

    /**
     * Metrics over aligned arrays: target {@code i} is {@code actual[i]}, forecast {@code mean[i]} with interval
     * {@code [lower[i], upper[i]]}, seasonal-naive forecast {@code seasonalNaive[i]}.
     *
     * @param maseScale MASE denominator (see {@link #maseScale}), positive
     * @throws IllegalArgumentException if lengths differ, an array is empty, or a forecast is NaN
     */
    public static ForecastEvaluationResult.HorizonMetrics compute(int horizon, double[] actual, double[] mean,
            double[] lower, double[] upper, double[] seasonalNaive, double maseScale) {
        int n = actual.length;
        if (n == 0) {
            throw new IllegalArgumentException("no targets to score");
        }
        if (mean.length != n || lower.length != n || upper.length != n || seasonalNaive.length != n) {
            throw new IllegalArgumentException("actual, mean, lower, upper and seasonalNaive differ in length");
        }
        if (!(maseScale > 0)) {
            throw new IllegalArgumentException("maseScale must be positive, got " + maseScale);
        }
        double abs = 0;
        double sq = 0;
        double snAbs = 0;
        int covered = 0;
        double width = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(mean[i]) || Double.isNaN(lower[i]) || Double.isNaN(upper[i])) {
                throw new IllegalArgumentException("no forecast for target " + i + " at horizon " + horizon);
            }
            double e = actual[i] - mean[i];
            abs += Math.abs(e);
            sq += e * e;
            snAbs += Math.abs(actual[i] - seasonalNaive[i]);
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
                covered++;
            }
            width += upper[i] - lower[i];
        }
        double mae = abs / n;
        double snMae = snAbs / n;
        return new ForecastEvaluationResult.HorizonMetrics(horizon, n, mae, sq / n, mae / maseScale,
                snMae > 0 ? mae / snMae : Double.NaN, (double) covered / n, width / n);
    }

    /**
     * MASE's scale (Hyndman and Koehler 2006, seasonal form): the mean absolute difference
     * {@code |y_t − y_{t−m}|} over the training values.
     */
    public static double maseScale(double[] train, int period) {
        if (train.length <= period) {
            throw new IllegalArgumentException("training split of " + train.length
                    + " rows is shorter than one season plus one (" + (period + 1) + ")");
        }
        double s = 0;
        for (int t = period; t < train.length; t++) {
            s += Math.abs(train[t] - train[t - period]);
        }
        return s / (train.length - period);
    }
}
