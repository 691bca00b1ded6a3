package io.beliefstream.eval.forecast;

/** Makes a {@link Forecaster} for a series and names it in results. */
public interface ForecasterFactory {

    /** Name in results and reports. */
    String name();

    /** A fresh forecaster, fitted on the context's training split if it fits anything. */
    Forecaster create(ForecastContext context);
}
