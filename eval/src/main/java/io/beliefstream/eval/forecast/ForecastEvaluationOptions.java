package io.beliefstream.eval.forecast;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Options of {@code beliefstream evaluate forecast}.
 *
 * @param dataFile ETT-style CSV: a {@code date} column and numeric columns
 * @param target the column to forecast
 * @param horizons forecast horizons in steps (default {@link #DEFAULT_HORIZONS})
 * @param seasonalPeriod season length for the seasonal-naive forecast and MASE (default
 *     {@value #DEFAULT_SEASONAL_PERIOD})
 * @param intervalLevel central interval probability (default {@value #DEFAULT_INTERVAL_LEVEL})
 * @param trainMonths training split length in 30-day months (default {@value #DEFAULT_TRAIN_MONTHS})
 * @param validationMonths validation split length (default {@value #DEFAULT_VALIDATION_MONTHS}); forecasters
 *     stream through it but it is not scored
 * @param testMonths test split length (default {@value #DEFAULT_TEST_MONTHS}); the scored targets
 * @param jsonFile where the metrics go
 * @param reportDir where the Markdown report with plots goes, or {@code null}
 * @param forecasters forecasters to evaluate, names unique
 */
public record ForecastEvaluationOptions(Path dataFile, String target, int[] horizons, int seasonalPeriod,
        double intervalLevel, int trainMonths, int validationMonths, int testMonths, Path jsonFile, Path reportDir,
        List<ForecasterFactory> forecasters) {
    /** The horizons: one hour, six hours, one day ahead. */
    public static final int[] DEFAULT_HORIZONS = {1, 6, 24};
    /** One day of hourly data. */
    public static final int DEFAULT_SEASONAL_PERIOD = 24;
    /** 80% central intervals. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.8;
    /** The usual ETT protocol (Informer, AAAI 2021): 12 / 4 / 4 months of 30 days. */
    public static final int DEFAULT_TRAIN_MONTHS = 12;
    /** See {@link #DEFAULT_TRAIN_MONTHS}. */
    public static final int DEFAULT_VALIDATION_MONTHS = 4;
    /** See {@link #DEFAULT_TRAIN_MONTHS}. */
    public static final int DEFAULT_TEST_MONTHS = 4;
    /** Days in a month of the split. */
    public static final int DAYS_PER_MONTH = 30;

    public ForecastEvaluationOptions {
        Objects.requireNonNull(dataFile, "dataFile");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(horizons, "horizons");
        Objects.requireNonNull(jsonFile, "jsonFile");
        if (target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank");
        }
        checkHorizons(horizons);
        if (seasonalPeriod < 1) {
            throw new IllegalArgumentException("seasonalPeriod must be at least 1, got " + seasonalPeriod);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1), got " + intervalLevel);
        }
        if (trainMonths < 1) {
            throw new IllegalArgumentException("trainMonths must be at least 1, got " + trainMonths);
        }
        if (validationMonths < 0) {
            throw new IllegalArgumentException("validationMonths must not be negative, got " + validationMonths);
        }
        if (testMonths < 1) {
            throw new IllegalArgumentException("testMonths must be at least 1, got " + testMonths);
        }
        horizons = horizons.clone();
        forecasters = ForecasterFactory.checkedList(forecasters);
    }

    /** Options with the default horizons, season, interval level and split. */
    public static ForecastEvaluationOptions of(Path dataFile, String target, Path jsonFile, Path reportDir,
            List<ForecasterFactory> forecasters) {
        return new ForecastEvaluationOptions(dataFile, target, DEFAULT_HORIZONS, DEFAULT_SEASONAL_PERIOD,
                DEFAULT_INTERVAL_LEVEL, DEFAULT_TRAIN_MONTHS, DEFAULT_VALIDATION_MONTHS, DEFAULT_TEST_MONTHS, jsonFile,
                reportDir, forecasters);
    }

    /** The peers always reported: naive, seasonal naive and RCFCaster. */
    public static List<ForecasterFactory> peers() {
        return List.of(NaiveForecaster.factory(), SeasonalNaiveForecaster.factory(), RcfCasterForecaster.factory());
    }

    /** A copy with other horizons. */
    public ForecastEvaluationOptions withHorizons(int... newHorizons) {
        return new ForecastEvaluationOptions(dataFile, target, newHorizons, seasonalPeriod, intervalLevel,
                trainMonths, validationMonths, testMonths, jsonFile, reportDir, forecasters);
    }

    @Override
    public int[] horizons() {
        return horizons.clone();
    }

    static void checkHorizons(int[] horizons) {
        if (horizons.length == 0) {
            throw new IllegalArgumentException("horizons must not be empty");
        }
        for (int i = 0; i < horizons.length; i++) {
            if (horizons[i] < 1 || (i > 0 && horizons[i] <= horizons[i - 1])) {
                throw new IllegalArgumentException("horizons must be strictly increasing and at least 1, got "
                        + Arrays.toString(horizons));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastEvaluationOptions x && dataFile.equals(x.dataFile) && target.equals(x.target)
                && Arrays.equals(horizons, x.horizons) && seasonalPeriod == x.seasonalPeriod
                && intervalLevel == x.intervalLevel && trainMonths == x.trainMonths
                && validationMonths == x.validationMonths && testMonths == x.testMonths
                && jsonFile.equals(x.jsonFile) && Objects.equals(reportDir, x.reportDir)
                && forecasters.equals(x.forecasters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataFile, target, Arrays.hashCode(horizons), seasonalPeriod, intervalLevel, trainMonths,
                validationMonths, testMonths, jsonFile, reportDir, forecasters);
    }

    @Override
    public String toString() {
        return "ForecastEvaluationOptions[dataFile=" + dataFile + ", target=" + target + ", horizons="
                + Arrays.toString(horizons) + ", seasonalPeriod=" + seasonalPeriod + ", intervalLevel="
                + intervalLevel + ", split=" + trainMonths + "/" + validationMonths + "/" + testMonths + "]";
    }
}
