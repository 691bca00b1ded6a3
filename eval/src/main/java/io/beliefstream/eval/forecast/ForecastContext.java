package io.beliefstream.eval.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a forecaster may know before streaming: the horizons and interval level asked for, the seasonal period,
 * and the training split (standardised), from which a forecaster may fit parameters. Nothing after the training
 * split is given here.
 *
 * @param horizons forecast horizons in steps, strictly increasing, each at least 1
 * @param intervalLevel probability mass of the central interval, in (0, 1)
 * @param seasonalPeriod season length in steps (24 for hourly data with a daily cycle)
 * @param trainTimestamps timestamps of the training split (epoch milliseconds)
 * @param train standardised target values of the training split
 */
public record ForecastContext(int[] horizons, double intervalLevel, int seasonalPeriod, long[] trainTimestamps,
        double[] train) {
    public ForecastContext {
        Objects.requireNonNull(horizons, "horizons");
        Objects.requireNonNull(trainTimestamps, "trainTimestamps");
        Objects.requireNonNull(train, "train");
        ForecastEvaluationOptions.checkHorizons(horizons);
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1), got " + intervalLevel);
        }
        if (seasonalPeriod < 1) {
            throw new IllegalArgumentException("seasonalPeriod must be at least 1, got " + seasonalPeriod);
        }
        if (trainTimestamps.length != train.length) {
            throw new IllegalArgumentException("trainTimestamps and train differ in length");
        }
        horizons = horizons.clone();
    }

    @Override
    public int[] horizons() {
        return horizons.clone();
    }

    public int horizonCount() {
        return horizons.length;
    }

    public int horizon(int i) {
        return horizons[i];
    }

    public int maxHorizon() {
        return horizons[horizons.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastContext c && Arrays.equals(horizons, c.horizons)
                && intervalLevel == c.intervalLevel && seasonalPeriod == c.seasonalPeriod
                && Arrays.equals(trainTimestamps, c.trainTimestamps) && Arrays.equals(train, c.train);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(horizons), intervalLevel, seasonalPeriod, Arrays.hashCode(train));
    }

    @Override
    public String toString() {
        return "ForecastContext[horizons=" + Arrays.toString(horizons) + ", intervalLevel=" + intervalLevel
                + ", seasonalPeriod=" + seasonalPeriod + ", train=" + train.length + " rows]";
    }
}
