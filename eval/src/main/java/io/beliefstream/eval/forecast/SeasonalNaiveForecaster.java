package io.beliefstream.eval.forecast;

import io.beliefstream.eval.forecast.internal.Quantiles;

/**
 * The seasonal naive forecast {@code x̂_{t+h} = x_{t+h−m·⌈h/m⌉}} with season length {@code m} (the value one
 * season before the target). Its interval adds the training split's empirical {@code (1 ∓ level)/2} quantiles of
 * the same forecast's residuals, per horizon. Forecasts are NaN until one season has been seen.
 */
public final class SeasonalNaiveForecaster implements Forecaster {
    /** Name in results. */
    public static final String NAME = "seasonalNaive";

    private final int period;
    private final int[] horizons;
    private final double[] ring;
    private long seen;
    private final double[] lowerOffset;
    private final double[] upperOffset;

    SeasonalNaiveForecaster(ForecastContext ctx) {
        this.period = ctx.seasonalPeriod();
        this.horizons = ctx.horizons();
        this.ring = new double[period];
        int hs = horizons.length;
        lowerOffset = new double[hs];
        upperOffset = new double[hs];
        double[] y = ctx.train();
        for (int i = 0; i < hs; i++) {
            int h = horizons[i];
            int back = back(h);
            if (y.length <= back) {
                throw new IllegalArgumentException("training split of " + y.length
                        + " rows is too short for a seasonal naive forecast at horizon " + h);
            }
            double[] res = new double[y.length - back];
            for (int target = back; target < y.length; target++) {
                res[target - back] = y[target] - y[target - back];
            }
            lowerOffset[i] = Quantiles.quantile(res, (1 - ctx.intervalLevel()) / 2);
            upperOffset[i] = Quantiles.quantile(res, (1 + ctx.intervalLevel()) / 2);
        }
    }

    /** Steps from the forecast value back to the target: {@code m·⌈h/m⌉}. */
    private int back(int h) {
        return period * ((h + period - 1) / period);
    }

    /** The factory, with the season length taken from the context. */
    public static ForecasterFactory factory() {
        return ForecasterFactory.of(NAME, SeasonalNaiveForecaster::new);
    }

    /** The seasonal-naive point forecast of {@code y[t + h]} made at origin {@code t}, from a plain array. */
    public static double pointForecast(double[] y, int t, int h, int period) {
        int back = period * ((h + period - 1) / period);
        int from = t + h - back;
        return from >= 0 ? y[from] : Double.NaN;
    }

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        long t = seen++;
        ring[(int) (t % period)] = x;
        for (int i = 0; i < horizons.length; i++) {
            long from = t + horizons[i] - back(horizons[i]);
            if (from < 0) {
                out.mean[i] = Double.NaN;
                out.lower[i] = Double.NaN;
                out.upper[i] = Double.NaN;
            } else {
                double v = ring[(int) (from % period)];
                out.mean[i] = v;
                out.lower[i] = v + lowerOffset[i];
                out.upper[i] = v + upperOffset[i];
            }
        }
    }
}
