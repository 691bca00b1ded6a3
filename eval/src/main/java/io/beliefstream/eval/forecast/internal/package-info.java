/** Forecast-evaluation internals: empirical residual quantiles for honest baseline intervals, metric sums. Not API. */
package io.beliefstream.eval.forecast.internal;
