package io.beliefstream.eval.m4;

import io.beliefstream.eval.forecast.Forecast;
import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.internal.Quantiles;
import java.util.Arrays;

/**
 * The shape the M4 benchmarks share: keep the whole history seen so far; at a scored origin, seasonally adjust it
 * ({@link ClassicalDecomposition}), forecast the adjusted series by the method, multiply back by the seasonal
 * indices of the target positions.
 *
 * <p><b>Interval</b>: for horizon {@code h}, the {@code (1 ∓ level)/2} empirical quantiles of the method's in-sample
 * {@code h}-step errors {@code x_{t+h} − x̂_{t+h|t}} (the fitted parameters and indices held fixed, every origin
 * {@code t} of the history) added to the forecast. The same construction as the naive and seasonal-naive peers'.
 */
abstract class SeasonallyAdjustedForecaster implements Forecaster {
    private final int[] horizons;
    private final int period;
    private final double level;
    private double[] history = new double[1024];
    private int n;

    SeasonallyAdjustedForecaster(ForecastContext ctx) {
        this.horizons = ctx.horizons();
        this.period = ctx.seasonalPeriod();
        this.level = ctx.intervalLevel();
    }

    /** A method fitted to a seasonally adjusted history {@code a_0 … a_{n−1}}. */
    interface Fit {
        /** The forecast of {@code a_{t+h}} made at origin {@code t} (having seen {@code a_0 … a_t}). */
        double inSample(int t, int h);

        /** The forecast of {@code a_{n−1+h}} from the end of the history. */
        double ahead(int h);
    }

    /** Fits the method to the adjusted history. */
    abstract Fit fit(double[] adjusted);

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        if (n == history.length) {
            history = Arrays.copyOf(history, 2 * n);
        }
        history[n++] = x;
        if (!out.scored) {
            out.clear();
            return;
        }
        double[] y = Arrays.copyOf(history, n);
        double[] si = ClassicalDecomposition.seasonalIndices(y, period);
        double[] a = new double[n];
        for (int t = 0; t < n; t++) {
            a[t] = y[t] / si[t % period];
        }
        Fit fit = fit(a);
        for (int i = 0; i < horizons.length; i++) {
            int h = horizons[i];
            double point = fit.ahead(h) * si[(n - 1 + h) % period];
            out.mean[i] = point;
            if (n <= h) {
                out.lower[i] = Double.NaN;
                out.upper[i] = Double.NaN;
                continue;
            }
            double[] res = new double[n - h];
            for (int t = 0; t + h < n; t++) {
                res[t] = y[t + h] - fit.inSample(t, h) * si[(t + h) % period];
            }
            out.lower[i] = point + Quantiles.quantile(res, (1 - level) / 2);
            out.upper[i] = point + Quantiles.quantile(res, (1 + level) / 2);
        }
    }
}
