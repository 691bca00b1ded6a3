package io.beliefstream.eval.m4;

/**
 * The seasonal adjustment of the M4 benchmarks (Naive2, Theta; the competition's {@code Benchmarks and Evaluation.R}):
 * a seasonality test on the autocorrelation at lag {@code m}, and, for a series that passes it, the classical
 * multiplicative decomposition of R's {@code decompose(x, type = "multiplicative")}.
 *
 * <p><b>Test</b> (90%: {@code t = 1.645}): with the sample autocorrelations
 * {@code r_k = Σ_{t=1}^{n−k} (x_t − x̄)(x_{t+k} − x̄) / Σ_t (x_t − x̄)²}, the series is seasonal when {@code n ≥ 3m}
 * and {@code |r_m| > t·√((1 + 2 Σ_{k=1}^{m−1} r_k²) / n)} (Bartlett's standard error of {@code r_m}).
 *
 * <p><b>Decomposition</b>: the trend is the centred moving average of order {@code m} (for even {@code m}, a
 * {@code 2×m} average: weights {@code ½, 1, …, 1, ½} over {@code m + 1} values, divided by {@code m}), undefined
 * within {@code ⌊m/2⌋} of either end; the seasonal figure of phase {@code k} is the mean of {@code x_t / trend_t}
 * over the positions {@code t ≡ k (mod m)} where the trend is defined (phase 0 is the first value), normalised to
 * mean 1. A non-seasonal series gets every index 1.
 */
public final class ClassicalDecomposition {
    /** The test's critical value: 90% two-sided. */
    public static final double T_CRIT = 1.645;

    private ClassicalDecomposition() {
    }

    /** The sample autocorrelation at lag {@code k}, as R's {@code acf}. */
    public static double acf(double[] x, int k) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double num = 0;
        for (int t = 0; t + k < x.length; t++) {
            num += (x[t] - mean) * (x[t + k] - mean);
        }
        double den = 0;
        for (double v : x) {
            den += (v - mean) * (v - mean);
        }
        return den == 0 ? 0 : num / den;
    }

    /** The M4 seasonality test at period {@code m}; false for {@code m ≤ 1} or fewer than {@code 3m} values. */
    public static boolean isSeasonal(double[] x, int m) {
        if (m <= 1 || x.length < 3 * m) {
            return false;
        }
        double sum = 1;
        for (int k = 1; k < m; k++) {
            double r = acf(x, k);
            sum += 2 * r * r;
        }
        double limit = T_CRIT * Math.sqrt(sum / x.length);
        return Math.abs(acf(x, m)) > limit;
    }

    /**
     * The seasonal figure: {@code m} indices, index {@code k} for the positions {@code t ≡ k (mod m)} (0-based,
     * counted from the first value), mean 1; all 1 when the series fails {@link #isSeasonal}.
     */
    public static double[] seasonalIndices(double[] x, int m) {
        double[] figure = new double[Math.max(1, m)];
        java.util.Arrays.fill(figure, 1);
        if (!isSeasonal(x, m)) {
            return figure;
        }
        int half = m / 2;
        double[] w = new double[2 * half + 1];
        if (m % 2 == 0) {
            java.util.Arrays.fill(w, 1.0 / m);
            w[0] = 0.5 / m;
            w[2 * half] = 0.5 / m;
        } else {
            java.util.Arrays.fill(w, 1.0 / m);
        }
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t + half < x.length; t++) {
            double trend = 0;
            for (int j = 0; j < w.length; j++) {
                trend += w[j] * x[t - half + j];
            }
            sum[t % m] += x[t] / trend;
            count[t % m]++;
        }
        double mean = 0;
        for (int k = 0; k < m; k++) {
            figure[k] = sum[k] / count[k];
            mean += figure[k];
        }
        mean /= m;
        for (int k = 0; k < m; k++) {
            figure[k] /= mean;
        }
        return figure;
    }
}
