/**
 * Forecast-evaluation internals: empirical residual quantiles for honest baseline intervals ({@code Quantiles}) and
 * the NLinear peer's model and training loop ({@code NLinear}). Not API.
 */
package io.beliefstream.eval.forecast.internal;
