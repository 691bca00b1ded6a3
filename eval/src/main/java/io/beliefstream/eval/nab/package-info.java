/**
 * The Numenta Anomaly Benchmark in Java: corpus and label reading ({@link io.beliefstream.eval.nab.NabCorpus},
 * {@link io.beliefstream.eval.nab.NabLabels}), NAB's scoring ({@link io.beliefstream.eval.nab.NabScorer}), result
 * files, and the {@code evaluate nab} runner ({@link io.beliefstream.eval.nab.NabEvaluation}).
 */
package io.beliefstream.eval.nab;
