package io.beliefstream.eval.forecast;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@code beliefstream evaluate forecast --protocol lsf}, the long-sequence-forecasting protocol
 * (see {@link LsfEvaluation}).
 *
 * @param dataFile ETT-style CSV: a {@code date} column and numeric columns
 * @param target the column to forecast (univariate; {@code OT} in the literature)
 * @param windows forecast window lengths {@code H}: each window's MSE and MAE average steps {@code 1..H}
 * @param rollingHorizons horizons of the per-horizon (rolling-origin) figures reported beside the windows; those
 *     above the longest window are left out
 * @param intervalLevel central interval probability (default {@value #DEFAULT_INTERVAL_LEVEL})
 * @param jsonFile where the figures go
 * @param forecasters forecasters to evaluate, names unique
 */
public record LsfOptions(Path dataFile, String target, int[] windows, int[] rollingHorizons, double intervalLevel,
        Path jsonFile, List<ForecasterFactory> forecasters) {
    /** The window lengths: one day and four days of hourly data. */
    public static final int[] DEFAULT_WINDOWS = {24, 96};
    /** Per-horizon figures beside the windows, as the rolling-origin protocol reports them. */
    public static final int[] DEFAULT_ROLLING_HORIZONS = {1, 6, 24, 96};
    /** 80% central intervals. */
    public static final double DEFAULT_INTERVAL_LEVEL = 0.8;

    public LsfOptions {
        Objects.requireNonNull(dataFile, "dataFile");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(rollingHorizons, "rollingHorizons");
        Objects.requireNonNull(jsonFile, "jsonFile");
        Objects.requireNonNull(forecasters, "forecasters");
        if (target.isBlank()) {
            throw new IllegalArgumentException("target must not be blank");
        }
        ForecastEvaluationOptions.checkHorizons(windows);
        ForecastEvaluationOptions.checkHorizons(rollingHorizons);
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
        windows = windows.clone();
        rollingHorizons = rollingHorizons.clone();
        forecasters = List.copyOf(forecasters);
    }

    /** Options with the default rolling horizons and interval level. */
    public static LsfOptions of(Path dataFile, String target, int[] windows, Path jsonFile,
            List<ForecasterFactory> forecasters) {
        return new LsfOptions(dataFile, target, windows, DEFAULT_ROLLING_HORIZONS, DEFAULT_INTERVAL_LEVEL, jsonFile,
                forecasters);
    }

    /**
     * The protocol's peers: naive, seasonal naive (one day), RCFCaster and NLinear (LTSF-Linear's recipe for the
     * file's sampling interval).
     */
    public static List<ForecasterFactory> peers() {
        return List.of(NaiveForecaster.factory(), SeasonalNaiveForecaster.factory(), RcfCasterForecaster.factory(),
                NLinearForecaster.factory());
    }

    /** The longest window: every forecaster forecasts steps {@code 1..maxWindow} at every scored origin. */
    public int maxWindow() {
        return windows[windows.length - 1];
    }

    /** The rolling horizons that fit within the longest window. */
    public int[] reportedRollingHorizons() {
        return Arrays.stream(rollingHorizons).filter(h -> h <= maxWindow()).toArray();
    }

    @Override
    public int[] windows() {
        return windows.clone();
    }

    @Override
    public int[] rollingHorizons() {
        return rollingHorizons.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LsfOptions x && dataFile.equals(x.dataFile) && target.equals(x.target)
                && Arrays.equals(windows, x.windows) && Arrays.equals(rollingHorizons, x.rollingHorizons)
                && intervalLevel == x.intervalLevel && jsonFile.equals(x.jsonFile)
                && forecasters.equals(x.forecasters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataFile, target, Arrays.hashCode(windows), Arrays.hashCode(rollingHorizons),
                intervalLevel, jsonFile, forecasters);
    }

    @Override
    public String toString() {
        return "LsfOptions[dataFile=" + dataFile + ", target=" + target + ", windows=" + Arrays.toString(windows)
                + ", rollingHorizons=" + Arrays.toString(rollingHorizons) + ", intervalLevel=" + intervalLevel + "]";
    }
}
