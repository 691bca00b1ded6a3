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
 *
 * <p>Its cost grows with the forecast horizon (one conditional imputation per step ahead, every row). With a
 * warm-up of {@code W} rows ({@link #factory(int)}), it skips the rows before the last {@code W} ahead of the first
 * scored origin: it buffers them, then streams the last {@code W} through the caster (forecasting each, so its
 * error calibration is warm) when the first scored row arrives. Its forest forgets at the time decay
 * {@code 1/(10·sampleSize)} (RCF's default), so with {@code W} = {@value #DEFAULT_WARMUP_ROWS} = four time constants a
 * row skipped would have weighed under 2% in the sample.
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
    /** Rows streamed before the first scored origin when warming up: four of the forest's time constants. */
    public static final int DEFAULT_WARMUP_ROWS = 4 * 10 * DEFAULT_SAMPLE_SIZE;

    private final RCFCaster caster;
    private final int[] horizons;
    private final double[] point = new double[1];
    /** Rows skipped before the first scored origin, kept to warm up (empty without a warm-up). */
    private final double[] pendingValue;
    private final long[] pendingTime;
    private long pending;
    private boolean streaming;

    RcfCasterForecaster(ForecastContext ctx, int shingle, int trees, int sampleSize, long seed, int warmupRows) {
        if (warmupRows < 0) {
            throw new IllegalArgumentException("warmupRows must not be negative, got " + warmupRows);
        }
        pendingValue = new double[warmupRows];
        pendingTime = new long[warmupRows];
        streaming = warmupRows == 0;
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

    /** The factory with the default configuration, streaming every row. */
    public static ForecasterFactory factory() {
        return factory(0);
    }

    /** The factory with the default configuration and a warm-up of {@code warmupRows} (0: stream every row). */
    public static ForecasterFactory factory(int warmupRows) {
        return ForecasterFactory.of(NAME, context -> new RcfCasterForecaster(context, DEFAULT_SHINGLE, DEFAULT_TREES,
                DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, warmupRows));
    }

    @Override
    public void observe(long timestampMillis, double x, Forecast out) {
        if (!streaming) {
            if (!out.scored) {
                int slot = (int) (pending++ % pendingValue.length);
                pendingValue[slot] = x;
                pendingTime[slot] = timestampMillis;
                out.clear();
                return;
            }
            streaming = true;
            long from = Math.max(0, pending - pendingValue.length);
            for (long i = from; i < pending; i++) {
                int slot = (int) (i % pendingValue.length);
                point[0] = pendingValue[slot];
                caster.process(point, pendingTime[slot]);
            }
        }
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
