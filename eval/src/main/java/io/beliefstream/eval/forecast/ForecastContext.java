package io.beliefstream.eval.forecast;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a forecaster may know before streaming: the horizons and interval level asked for, the seasonal period,
 * the training split, from which a forecaster may fit parameters, and the validation split that follows it (empty
 * when the protocol has none), on which it may choose among fitted candidates or calibrate an interval. Nothing
 * of the test split is given here: the forecaster sees it only as a stream, one value at a time.
 *
 * <p>The values are on the scale the protocol scores: standardised with the training statistics in the ETT
 * protocols, raw in M4 (whose metrics are scale-free).
 *
 * @param horizons forecast horizons in steps, strictly increasing, each at least 1
 * @param intervalLevel probability mass of the central interval, in (0, 1)
 * @param seasonalPeriod season length in steps (24 for hourly data with a daily cycle)
 * @param trainTimestamps timestamps of the training split (epoch milliseconds)
 * @param train target values of the training split
 * @param validationTimestamps timestamps of the validation split, right after the training split
 * @param validation target values of the validation split
 */
public record ForecastContext(int[] horizons, double intervalLevel, int seasonalPeriod, long[] trainTimestamps,
        double[] train, long[] validationTimestamps, double[] validation) {

    /** A context without a validation split. */
    public ForecastContext(int[] horizons, double intervalLevel, int seasonalPeriod, long[] trainTimestamps,
            double[] train) {
        this(horizons, intervalLevel, seasonalPeriod, trainTimestamps, train, new long[0], new double[0]);
    }

    public ForecastContext {
        Objects.requireNonNull(horizons, "horizons");
        Objects.requireNonNull(trainTimestamps, "trainTimestamps");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validationTimestamps, "validationTimestamps");
        Objects.requireNonNull(validation, "validation");
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
        if (validationTimestamps.length != validation.length) {
            throw new IllegalArgumentException("validationTimestamps and validation differ in length");
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

    /** Horizons {@code 1, 2, …, maxHorizon}: every step of a forecast window. */
    public static int[] steps(int maxHorizon) {
        if (maxHorizon < 1) {
            throw new IllegalArgumentException("maxHorizon must be at least 1, got " + maxHorizon);
        }
        int[] h = new int[maxHorizon];
        for (int i = 0; i < maxHorizon; i++) {
            h[i] = i + 1;
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastContext c && Arrays.equals(horizons, c.horizons)
                && intervalLevel == c.intervalLevel && seasonalPeriod == c.seasonalPeriod
                && Arrays.equals(trainTimestamps, c.trainTimestamps) && Arrays.equals(train, c.train)
                && Arrays.equals(validationTimestamps, c.validationTimestamps)
                && Arrays.equals(validation, c.validation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(horizons), intervalLevel, seasonalPeriod, Arrays.hashCode(train),
                Arrays.hashCode(validation));
    }

    @Override
    public String toString() {
        return "ForecastContext[horizons=" + Arrays.toString(horizons) + ", intervalLevel=" + intervalLevel
                + ", seasonalPeriod=" + seasonalPeriod + ", train=" + train.length + " rows, validation="
                + validation.length + " rows]";
    }
}
