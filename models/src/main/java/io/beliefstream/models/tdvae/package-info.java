/**
 * TD-VAE (Gregor et al., ICLR 2019; {@code shared/reference/autoencoder-family-weng.md}, section TD-VAE): per-stream
 * belief states and jumpy forecasts.
 *
 * <ul>
 *   <li>{@link io.beliefstream.models.tdvae.TdVaeConfig} and {@link io.beliefstream.models.tdvae.TdVaeTrainingConfig}:
 *       architecture and training options (validated records with documented defaults);
 *   <li>{@link io.beliefstream.models.tdvae.TdVaeTrainer}: SameDiff training on the objective {@code J_{t1,t2}};
 *   <li>{@link io.beliefstream.models.tdvae.TrainedTdVae}: the frozen model and its bundle (save/load);
 *   <li>{@link io.beliefstream.models.tdvae.TdVaeModel}: the served {@link io.beliefstream.models.SequenceModel}
 *       with allocation-free batched kernels and {@link io.beliefstream.models.tdvae.TdVaeState} per stream;
 *   <li>{@link io.beliefstream.models.tdvae.TdVaeCommands} and
 *       {@link io.beliefstream.models.tdvae.OscillatorEvaluation}: entry points behind the command line.
 * </ul>
 */
package io.beliefstream.models.tdvae;
