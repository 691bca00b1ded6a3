/**
 * {@code beliefstream evaluate m4}: the M4 competition's hourly forecasting evaluation (Makridakis, Spiliotis and
 * Assimakopoulos, IJF 2020). The data ({@link io.beliefstream.eval.m4.M4Data}), the official point and interval
 * metrics ({@link io.beliefstream.eval.m4.M4Metrics}: sMAPE, MASE, OWA, MSIS), the classical multiplicative
 * decomposition with the competition's seasonality test ({@link io.beliefstream.eval.m4.ClassicalDecomposition}),
 * the benchmarks Naive2 and Theta, and the runner ({@link io.beliefstream.eval.m4.M4Evaluation}).
 */
package io.beliefstream.eval.m4;
