package io.beliefstream.eval.forecast;

import io.beliefstream.eval.forecast.internal.Quantiles;

/**
 * The naive (last value) forecast {@code x̂_{t+h} = x_t}. Its interval is honest: for each horizon, the empirical
 * {@code (1 ∓ level)/2} quantiles of the training split's {@code h}-step residuals {@code x_{t+h} − x_t} are added
 * to the forecast.
 */
public final class NaiveForecaster implements Forecaster {
    /** Name in results. */
    public static final String NAME = "naive";

    private final double[] lowerOffset;
    private final double[] upperOffset;

    NaiveForecaster(ForecastContext ctx) {
        int hs = ctx.horizonCount();
        lowerOffset = new double[hs];
        upperOffset = new double[hs];
        double[] y = ctx.train();
        for (int i = 0; i < hs; i++) {
            int h = ctx.horizon(i);
            if (y.length <= h) {
                throw new IllegalArgumentException("training split of " + y.length + " rows is too short for horizon "
                        + h);
            }
            double[] res = new double[y.length - h];
            for (int t = 0; t + h < y.length; t++) {
                res[t] = y[t + h] - y[t];
            }
            lowerOffset[i] = Quantiles.quantile(res, (1 - ctx.intervalLevel()) / 2);
            upperOffset[i] = Quantiles.quantile(res, (1 + ctx.intervalLevel()) / 2);
        }
    }

    /** The factory. */
    public static ForecasterFactory factory() {
        return ForecasterFactory.of(NAME, NaiveForecaster::new);
    }

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        for (int i = 0; i < lowerOffset.length; i++) {
            out.mean[i] = x;
            out.lower[i] = x + lowerOffset[i];
            out.upper[i] = x + upperOffset[i];
        }
    }
}
