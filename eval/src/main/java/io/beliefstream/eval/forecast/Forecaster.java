package io.beliefstream.eval.forecast;

/**
 * A streaming forecaster for one univariate series: it absorbs {@code x_t} and then forecasts
 * {@code x_{t+h}} for every horizon of its {@link ForecastContext}, with a central interval of the context's level.
 * Not thread-safe; one instance per series.
 */
public interface Forecaster {

    /**
     * Absorbs one observation (standardised with the training statistics) and writes the forecasts made at this
     * origin into {@code out}: for horizon index {@code i}, {@code mean[i]}, {@code lower[i]}, {@code upper[i]}.
     * Before it can forecast, a forecaster writes {@code NaN}; the runner only scores origins after the
     * training split, by when every forecaster must forecast.
     */
    void observe(long timestampMillis, double x, Forecast out);
}
