/**
 * Rolling-origin forecast evaluation on ETT-style data ({@code date} column plus numeric columns): the
 * {@link io.beliefstream.eval.forecast.Forecaster} contract, the naive, seasonal-naive and RCFCaster peers, an
 * adapter for any {@link io.beliefstream.models.SequenceModel}, and the {@code evaluate forecast} runner
 * ({@link io.beliefstream.eval.forecast.ForecastEvaluation}).
 */
package io.beliefstream.eval.forecast;
