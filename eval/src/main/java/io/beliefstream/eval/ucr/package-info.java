/**
 * The UCR Time Series Anomaly Archive (Wu &amp; Keogh, 2021) in Java: the labels and series of its layout
 * ({@link io.beliefstream.eval.ucr.UcrCorpus}), the archive's own rule ({@link io.beliefstream.eval.ucr.UcrScorer}:
 * a series is solved when its single highest score after the anomaly-free training part lies within 100 points of
 * the labelled anomaly) and the {@code evaluate ucr} runner ({@link io.beliefstream.eval.ucr.UcrEvaluation}).
 */
package io.beliefstream.eval.ucr;
