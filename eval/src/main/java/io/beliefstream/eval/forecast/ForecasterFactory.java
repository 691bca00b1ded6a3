package io.beliefstream.eval.forecast;

import java.util.List;

/**
 * Makes a {@link Forecaster} for a series and names it in results. A factory that learns across series (a neural
 * forecaster trained on the dataset's training split) does it once in {@link #fit}; per-series fitting belongs in
 * {@link #create}.
 */
public interface ForecasterFactory {

    /** Name in results and reports. */
    String name();

    /**
     * Called once per evaluation run, before any {@link #create}, with the context of every series the run will
     * stream (one for ETT, every series for M4): their training (and validation) splits, never a test value.
     * Default: nothing to fit.
     */
    default void fit(List<ForecastContext> series) {
    }

    /** A fresh forecaster, fitted on the context's training split if it fits anything. */
    Forecaster create(ForecastContext context);
}
