package io.beliefstream.models.tdvae;

import io.beliefstream.models.tdvae.internal.JavaTrainingStep;
import io.beliefstream.models.tdvae.internal.Optimiser;
import io.beliefstream.models.tdvae.internal.PairBatch;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TrainingStep;
import java.util.List;

/**
 * The inner loop of {@link TdVaeTrainer} one step at a time, for benchmarks ({@code TdVaeTrainingBenchmark}): each
 * {@link #step} draws a fresh minibatch of {@code tc.batchSize()} windows of {@code tc.windowLength()} from the
 * sequences (as the trainer does, with the same jump sampling), computes the gradient of the TD-VAE objective with
 * the chosen {@link TdVaeTrainer.Gradients} implementation, clips it to {@code tc.gradientClipNorm()} and takes one
 * Adam step at {@code tc.learningRate()}. No normalisation, validation or schedule: the sequences are used as given.
 * Not thread-safe.
 */
public final class TdVaeStepper {
    private final Optimiser optimiser;
    private final PairBatch sampler;
    private final PairBatch.Batch batch;

    /**
     * @param config the network's sizes and transition
     * @param tc batch size, window length, pairs per window, jump distribution, learning rate and clipping norm
     * @param sequences the series to draw windows from, each {@code [time][dim]}
     * @param gradients which implementation computes the gradients
     * @param paramSeed seed of the initial weights
     * @param batchSeed seed of the minibatch sampler
     */
    public TdVaeStepper(TdVaeConfig config, TdVaeTrainingConfig tc, List<float[][]> sequences,
            TdVaeTrainer.Gradients gradients, long paramSeed, long batchSeed) {
        ParamLayout layout = new ParamLayout(config);
        this.optimiser = gradients == TdVaeTrainer.Gradients.SAMEDIFF
                ? new TrainingStep(layout, layout.initialise(paramSeed), tc.windowLength(), tc.learningRate(),
                        tc.gradientClipNorm())
                : new JavaTrainingStep(layout, layout.initialise(paramSeed), tc.learningRate(), tc.gradientClipNorm());
        this.sampler = new PairBatch(sequences, config, tc, batchSeed);
        this.batch = sampler.newBatch(tc.batchSize());
    }

    /**
     * Draws a minibatch and takes one step with KL weight {@code beta} and auxiliary weight {@code lambda}.
     *
     * @return the batch's loss {@code -J} (nats per pair) before the update
     */
    public double step(double beta, double lambda) {
        sampler.fill(batch);
        return optimiser.step(batch, beta, lambda)[0];
    }
}
