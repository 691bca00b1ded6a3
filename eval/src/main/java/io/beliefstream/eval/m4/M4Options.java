package io.beliefstream.eval.m4;

import io.beliefstream.eval.forecast.ForecasterFactory;
import io.beliefstream.eval.forecast.SeasonalNaiveForecaster;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@code beliefstream evaluate m4}.
 *
 * @param trainFile the competition's training file ({@code Hourly-train.csv})
 * @param testFile its test file, or {@code null}: then the last {@code horizon} values of each training series are
 *     the test and the rest the in-sample history
 * @param horizon values forecast per series (default {@value #DEFAULT_HORIZON}, M4's hourly horizon)
 * @param period seasonal period (default {@value #DEFAULT_PERIOD}: MASE's scale, the seasonal adjustment, sNaive)
 * @param intervalLevel the intervals' level (default {@value #DEFAULT_INTERVAL_LEVEL}, as M4 scored them)
 * @param jsonFile where the figures go
 * @param forecasters forecasters to evaluate, names unique
 */
public record M4Options(Path trainFile, Path testFile, int horizon, int period, double intervalLevel, Path jsonFile,
        List<ForecasterFactory> forecasters) {
    /** M4's hourly forecast horizon. */
    public static final int DEFAULT_HORIZON = 48;
    /** M4's hourly seasonal period. */
    public static final int DEFAULT_PERIOD = 24;
    /** M4's prediction intervals: 95%. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.95;

    public M4Options {
        Objects.requireNonNull(trainFile, "trainFile");
        Objects.requireNonNull(jsonFile, "jsonFile");
        Objects.requireNonNull(forecasters, "forecasters");
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
        if (period < 1) {
            throw new IllegalArgumentException("period must be at least 1, got " + period);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("intervalLevel must be in (0, 1), got " + intervalLevel);
        }
        if (forecasters.isEmpty()) {
            throw new IllegalArgumentException("forecasters must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (ForecasterFactory f : forecasters) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("forecasters: name '" + f.name() + "' appears twice");
            }
        }
        forecasters = List.copyOf(forecasters);
    }

    /** Options with M4's hourly horizon, period and interval level. */
    public static M4Options of(Path trainFile, Path testFile, Path jsonFile, List<ForecasterFactory> forecasters) {
        return new M4Options(trainFile, testFile, DEFAULT_HORIZON, DEFAULT_PERIOD, DEFAULT_INTERVAL_LEVEL, jsonFile,
                forecasters);
    }

    /** The peers always reported: Naive2 (OWA's reference), sNaive and Theta. */
    public static List<ForecasterFactory> peers() {
        return List.of(Naive2Forecaster.factory(), SeasonalNaiveForecaster.factory(), ThetaForecaster.factory());
    }
}
