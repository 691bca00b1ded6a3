package io.beliefstream.models.tdvae.internal;

import io.beliefstream.models.optim.Adam;
import java.util.Map;

/**
 * One optimisation step of the TD-VAE objective on a {@link PairBatch.Batch}: gradient of
 * {@code trainLoss = nllx + β·(kl + logpb2 - logpt) + λ·aux} (see {@link TdVaeGraph}), global L2-norm clipping, then
 * Adam (Kingma and Ba 2015, bias-corrected) on float master copies of the parameters. Two implementations compute
 * the same function: {@link JavaTrainingStep} (plain Java, the default) and {@link TrainingStep} (SameDiff, the
 * reference definition).
 */
public interface Optimiser {
    /** One step; returns the batch's {@code {loss (-J), kl, nllx}} before the update. */
    double[] step(PairBatch.Batch batch, double beta, double lambda);

    /** {@code -J} on a batch, nothing updated. */
    double evaluate(PairBatch.Batch batch);

    /** The current parameters (master copies, live). */
    Map<String, float[]> params();

    /** The global gradient norm of the last step, before clipping. */
    double lastGradientNorm();

    /** The global L2 norm of all {@code gradients} together (accumulated in double). */
    static double globalNorm(Iterable<float[]> gradients) {
        double norm2 = 0;
        for (float[] g : gradients) {
            for (float x : g) {
                norm2 += (double) x * x;
            }
        }
        return Math.sqrt(norm2);
    }

    /** The factor that scales gradients of global norm {@code norm} down to at most {@code clipNorm}. */
    static double clipFactor(double norm, double clipNorm) {
        return norm > clipNorm ? clipNorm / norm : 1.0;
    }

    /**
     * Adam update of {@code p} with gradient {@code g·clip} at step {@code step} (1-based); {@code mm}, {@code vv}
     * are the moment estimates ({@link Adam#update(float[], float[], float[], float[], double, long, double)}).
     */
    static void adam(float[] p, float[] g, float[] mm, float[] vv, double clip, long step, double learningRate) {
        Adam.update(p, g, mm, vv, clip, step, learningRate);
    }
}
