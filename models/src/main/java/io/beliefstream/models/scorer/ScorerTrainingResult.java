package io.beliefstream.models.scorer;

/**
 * What {@link ScorerTrainer#train} produced.
 *
 * @param model the trained model (for the VQ-VAE-2 with its codebooks as they stood at the end)
 * @param loss per epoch, the kind's training objective ({@link io.beliefstream.models.scorer.internal.ScorerGraph},
 *     output {@code loss}) on a fixed evaluation subset of the training windows with fixed corruption and latent
 *     draws, measured after the epoch; entry 0 is before fine-tuning (for the stacked kind: after pre-training)
 * @param windows number of training windows
 * @param steps number of Adam steps taken (pre-training included)
 */
public record ScorerTrainingResult(ScorerModel model, double[] loss, int windows, int steps) {}
