package io.beliefstream.eval.forecast;

import com.amazon.randomcutforest.config.ForestMode;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.ForecastDescriptor;
import com.amazon.randomcutforest.parkservices.RCFCaster;
import com.amazon.randomcutforest.parkservices.config.Calibration;
import com.amazon.randomcutforest.returntypes.RangeVector;

/**
 * Amazon's RCFCaster ({@code randomcutforest-parkservices} 4.4.0): a Random Cut Forest over shingles of the last
 * {@value #DEFAULT_SHINGLE} values that forecasts by conditional imputation of the next values, with its own
 * interval calibrated on its observed errors ({@link Calibration#SIMPLE}, percentile {@code (1 − level)/2}). It
 * learns online from the first row; its forecast for every horizon up to the largest comes from one call.
 */
public final class RcfCasterForecaster implements Forecaster {
    /** Name in results. */
    public static final String NAME = "rcfCaster";
    /** Shingle length (values per forest point): one day of hourly data. */
    public static final int DEFAULT_SHINGLE = 24;
    /** Trees in the forest. */
    public static final int DEFAULT_TREES = 50;
    /** Points sampled per tree. */
    public static final int DEFAULT_SAMPLE_SIZE = 256;
    /** Seed, so runs repeat. */
    public static final long DEFAULT_SEED = 17L;

    private final RCFCaster caster;
    private final int[] horizons;
    private final double[] point = new double[1];

    RcfCasterForecaster(ForecastContext ctx, int shingle, int trees, int sampleSize, long seed) {
        if (shingle < 1) {
            throw new IllegalArgumentException("shingle must be at least 1, got " + shingle);
        }
        this.horizons = ctx.horizons();
        this.caster = RCFCaster.builder().dimensions(shingle).shingleSize(shingle).internalShinglingEnabled(true)
                .numberOfTrees(trees).sampleSize(sampleSize)
                .forestMode(ForestMode.STANDARD).transformMethod(TransformMethod.NORMALIZE)
                .forecastHorizon(ctx.maxHorizon()).calibration(Calibration.SIMPLE)
                .percentile((1 - ctx.intervalLevel()) / 2).randomSeed(seed).build();
    }

    /** The factory with the default configuration. */
    public static ForecasterFactory factory() {
        return new ForecasterFactory() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public Forecaster create(ForecastContext context) {
                return new RcfCasterForecaster(context, DEFAULT_SHINGLE, DEFAULT_TREES, DEFAULT_SAMPLE_SIZE,
                        DEFAULT_SEED);
            }
        };
    }

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        point[0] = x;
        ForecastDescriptor d = caster.process(point, timestampMillis);
        RangeVector r = d.getTimedForecast() == null ? null : d.getTimedForecast().rangeVector;
        for (int i = 0; i < horizons.length; i++) {
            int k = horizons[i] - 1;
            if (r == null || r.values.length <= k) {
                out.mean[i] = Double.NaN;
                out.lower[i] = Double.NaN;
                out.upper[i] = Double.NaN;
            } else {
                out.mean[i] = r.values[k];
                out.lower[i] = Math.min(r.lower[k], r.values[k]);
                out.upper[i] = Math.max(r.upper[k], r.values[k]);
            }
        }
    }
}
