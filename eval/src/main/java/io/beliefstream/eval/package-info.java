/**
 * Evaluation on externally authored data, as {@code beliefstream evaluate ...} runs it: anomaly detection on NAB
 * ({@code nab}), the UCR anomaly archive ({@code ucr}) and multivariate corpora ({@code mv}) with peer detectors
 * ({@code detect}); forecasting by rolling origin and the long-sequence protocol ({@code forecast}) and on M4 hourly
 * ({@code m4}); reports with plots ({@code report}). The root package holds what they share: a {@link
 * io.beliefstream.eval.Series} and the one failure type, {@link io.beliefstream.eval.EvalException}.
 */
package io.beliefstream.eval;
