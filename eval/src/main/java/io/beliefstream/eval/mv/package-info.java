/**
 * Evaluation of detectors on multivariate streams with labelled anomalous row ranges (SMD, NASA MSL): loaders of the
 * two layouts ({@link io.beliefstream.eval.mv.MvData}), multivariate peers ({@link io.beliefstream.eval.mv.MvDetectors}),
 * the metrics ({@link io.beliefstream.eval.mv.MvMetrics}: event-wise precision/recall/F1 without point adjustment,
 * average precision over rows, HitRate@P%) and the runner ({@link io.beliefstream.eval.mv.MvEvaluation}).
 */
package io.beliefstream.eval.mv;
