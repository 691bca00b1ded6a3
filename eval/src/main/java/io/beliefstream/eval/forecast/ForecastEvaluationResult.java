package io.beliefstream.eval.forecast;

import java.util.List;

/**
 * What {@code evaluate forecast} measured. All errors are on the standardised scale (training mean and standard
 * deviation of the target).
 *
 * @param target forecast column
 * @param trainRows rows in the training split (first {@code trainMonths} of 30 days)
 * @param validationRows rows in the validation split
 * @param testRows rows in the test split: the scored targets
 * @param trainMean training mean of the target
 * @param trainStd training (population) standard deviation of the target
 * @param maseScale MASE's denominator: the in-sample mean absolute error of the one-season-back forecast on the
 *     training split
 * @param forecasters per forecaster, per horizon metrics
 */
public record ForecastEvaluationResult(String target, int trainRows, int validationRows, int testRows,
        double trainMean, double trainStd, double maseScale, int seasonalPeriod, double intervalLevel,
        List<ForecasterResult> forecasters) {

    /**
     * @param name forecaster name
     * @param seconds wall time to stream the series through it
     * @param horizons one entry per horizon, in order
     */
    public record ForecasterResult(String name, double seconds, List<HorizonMetrics> horizons) {
        /** The metrics at a horizon. */
        public HorizonMetrics at(int horizon) {
            return horizons.stream().filter(h -> h.horizon() == horizon).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no horizon " + horizon));
        }
    }

    /**
     * Metrics of one forecaster at one horizon over every test target.
     *
     * @param horizon steps ahead
     * @param n scored targets
     * @param mae mean absolute error
     * @param mse mean squared error
     * @param mase {@code mae / maseScale} (Hyndman and Koehler's scaled error, seasonal-naive scale)
     * @param maeRatioToSeasonalNaive {@code mae} over the seasonal-naive forecast's MAE on the same targets
     * @param coverage share of targets inside the central interval
     * @param meanWidth mean width of the central interval
     */
    public record HorizonMetrics(int horizon, int n, double mae, double mse, double mase,
            double maeRatioToSeasonalNaive, double coverage, double meanWidth) {
    }

    /** The result of the named forecaster. */
    public ForecasterResult forecaster(String name) {
        return forecasters.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no forecaster '" + name + "'"));
    }
}
