/**
 * Probability distributions shared by the models and the evaluation: {@link io.beliefstream.models.stats.Gaussians},
 * the one set of normal-distribution functions (densities, CDF and tail, quantiles).
 */
package io.beliefstream.models.stats;
