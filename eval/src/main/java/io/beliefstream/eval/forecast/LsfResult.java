package io.beliefstream.eval.forecast;

import java.util.List;

/**
 * What {@code evaluate forecast --protocol lsf} measured; every error on the standardised scale.
 *
 * @param target forecast column
 * @param samplingMillis the file's sampling interval (median step between dates)
 * @param trainRows rows of the training split
 * @param validationRows rows of the validation split
 * @param testRows rows of the test split (the targets)
 * @param trainMean training mean of the target (the scaler's centre)
 * @param trainStd training population standard deviation of the target (the scaler's scale)
 * @param seasonalPeriod rows per day: the seasonal-naive forecast's season
 * @param intervalLevel nominal probability of the central intervals
 * @param forecasters per forecaster, per window and per horizon figures
 */
public record LsfResult(String target, long samplingMillis, int trainRows, int validationRows, int testRows,
        double trainMean, double trainStd, int seasonalPeriod, double intervalLevel,
        List<ForecasterResult> forecasters) {

    /**
     * @param name forecaster name
     * @param seconds wall time to fit it and stream the series through it
     * @param windows one entry per window length, in order
     * @param horizons one entry per rolling horizon, in order
     */
    public record ForecasterResult(String name, double seconds, List<Metrics> windows, List<Metrics> horizons) {
        /** The figures of windows of length {@code h}. */
        public Metrics window(int h) {
            return windows.stream().filter(m -> m.steps() == h).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no window of " + h + " steps"));
        }

        /** The rolling-origin figures at horizon {@code h}. */
        public Metrics horizon(int h) {
            return horizons.stream().filter(m -> m.steps() == h).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no horizon " + h));
        }
    }

    /**
     * Errors over a set of (origin, step) pairs.
     *
     * @param steps the window length {@code H} (errors over steps {@code 1..H} of each window) or the horizon
     *     {@code h} (errors at step {@code h} only)
     * @param n windows (or targets, for a horizon) scored
     * @param mse mean squared error over every scored (window, step)
     * @param mae mean absolute error over the same
     * @param coverage share of those targets inside the central interval
     * @param width mean width of the central interval
     */
    public record Metrics(int steps, int n, double mse, double mae, double coverage, double width) {
    }

    /** The result of the named forecaster. */
    public ForecasterResult forecaster(String name) {
        return forecasters.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no forecaster '" + name + "'"));
    }
}
