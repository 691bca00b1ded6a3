/**
 * TD-VAE implementation, not a public API: the parameter layout shared by training, serving and bundles
 * ({@link io.beliefstream.models.tdvae.internal.ParamLayout}), the SameDiff graphs
 * ({@link io.beliefstream.models.tdvae.internal.TdVaeGraph}, {@link io.beliefstream.models.tdvae.internal.GaussianGraphOps}),
 * batch sampling ({@link io.beliefstream.models.tdvae.internal.PairBatch}), the optimiser step
 * ({@link io.beliefstream.models.tdvae.internal.TrainingStep}) and the plain-Java serving network
 * ({@link io.beliefstream.models.tdvae.internal.TdVaeNet}).
 */
package io.beliefstream.models.tdvae.internal;
