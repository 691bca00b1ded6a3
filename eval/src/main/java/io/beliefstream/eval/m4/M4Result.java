package io.beliefstream.eval.m4;

import java.util.List;

/**
 * What {@code evaluate m4} measured: per forecaster, the means over every series of the per-series measures of
 * {@link M4Metrics}, and OWA against Naive2 on the same series.
 *
 * @param series series evaluated
 * @param holdout true when the test is the last {@code horizon} values of the training series
 * @param forecasters per forecaster figures
 */
public record M4Result(int series, boolean holdout, List<ForecasterResult> forecasters) {

    /**
     * @param name forecaster name
     * @param seconds wall time to fit it and stream every series
     * @param smape mean sMAPE (percent)
     * @param mase mean MASE
     * @param owa {@code ½ (smape / smape_Naive2 + mase / mase_Naive2)}
     * @param msis mean MSIS of the intervals
     * @param coverage share of test values inside the intervals
     * @param coverageByStep share of the test values {@code i + 1} steps ahead inside their interval, per step
     */
    public record ForecasterResult(String name, double seconds, double smape, double mase, double owa, double msis,
            double coverage, double[] coverageByStep) {
    }

    /** The result of the named forecaster. */
    public ForecasterResult forecaster(String name) {
        return forecasters.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no forecaster '" + name + "'"));
    }
}
