/**
 * Building blocks shared by the model implementations of this module: the per-stream history of matured forecasts
 * ({@code ForecastHistory}), conformal interval calibration ({@code ConformalIntervals}) and the training progress
 * bar. Not a public API: no other module imports it (see {@code ModuleBoundariesTest}).
 */
package io.beliefstream.models.internal;
