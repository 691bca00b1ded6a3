/**
 * The online VQ-VAE window scorer (van den Oord et al. 2017; reference {@code autoencoder-family-weng.md}, section
 * "VQ-VAE and VQ-VAE-2"): an encoder over the last {@code W} normalised observations of a stream, a codebook of
 * {@code K} codes learned by exponential moving averages ({@link io.beliefstream.models.vqvae.EmaCodebook}) that
 * keeps learning while serving, and a decoder; the reconstruction error is the raw anomaly score.
 *
 * <p>Entry points: {@link io.beliefstream.models.vqvae.VqVaeModel} (serving, bundles, {@code loadDefault()}),
 * {@link io.beliefstream.models.vqvae.VqVaeTrainer} (SameDiff training),
 * {@link io.beliefstream.models.vqvae.VqVaeCommands} (plain-Java entry points for {@code train vqvae} and
 * {@code evaluate vq-drift}), {@link io.beliefstream.models.vqvae.RegimeSignals} (synthetic regimes).
 */
package io.beliefstream.models.vqvae;
