package io.beliefstream.models.vqvae;

/**
 * What {@link VqVaeTrainer#train} produced.
 *
 * @param model the trained model (weights and the EMA codebook as it stood at the end)
 * @param reconLoss per epoch, the reconstruction term {@code mean_b ‖x − D(e_k)‖²} on a fixed evaluation subset of
 *     the training windows, measured after the epoch; entry 0 is before training
 * @param commitLoss per epoch, the commitment term {@code β·mean_b ‖z_e − e_k‖²} on the same subset
 * @param windows number of training windows
 * @param steps number of Adam steps taken
 */
public record VqVaeTrainingResult(VqVaeModel model, double[] reconLoss, double[] commitLoss, int windows, int steps) {}
