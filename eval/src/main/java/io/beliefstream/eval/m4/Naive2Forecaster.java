package io.beliefstream.eval.m4;

import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.ForecasterFactory;

/**
 * M4's Naive2: the last seasonally adjusted value, re-seasonalised, {@code x̂_{n+h} = (x_n / S_n) · S_{n+h}} with the
 * multiplicative indices {@code S} of {@link ClassicalDecomposition} (all 1 for a series that fails the seasonality
 * test). OWA is measured against it. Interval: see {@link SeasonallyAdjustedForecaster}.
 */
public final class Naive2Forecaster extends SeasonallyAdjustedForecaster {
    /** Name in results. */
    public static final String NAME = "naive2";

    Naive2Forecaster(ForecastContext ctx) {
        super(ctx);
    }

    /** The factory. */
    public static ForecasterFactory factory() {
        return new ForecasterFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return new Naive2Forecaster(context);
            }
        };
    }

    @Override
    Fit fit(double[] a) {
        return new Fit() {
            @Override
            public double inSample(int t, int h) {
                return a[t];
            }

            @Override
            public double ahead(int h) {
                return a[a.length - 1];
            }
        };
    }
}
