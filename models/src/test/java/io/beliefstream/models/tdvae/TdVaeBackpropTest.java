package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.synthetic.HarmonicOscillator;
import io.beliefstream.models.tdvae.internal.PairBatch;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TdVaeBackprop;
import io.beliefstream.models.tdvae.internal.TdVaeGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java forward and backward pass ({@link TdVaeBackprop}, float) computes the same loss and gradients as
 * the SameDiff training graph (the reference definition, here in double precision; its gradients are checked
 * against central differences by {@link TdVaeGradientCheckTest}) on the same batch and the same noise.
 *
 * <p>Tolerance: every loss part within {@value #LOSS_TOLERANCE} relative; for every parameter tensor, the largest
 * absolute difference of any entry at most {@value #GRADIENT_TOLERANCE} times the tensor's largest gradient entry
 * (float rounding in a 20–50-step LSTM; entry-wise relative errors of near-zero entries are meaningless).
 */
class TdVaeBackpropTest {
    static final double LOSS_TOLERANCE = 1e-5;
    static final double GRADIENT_TOLERANCE = 1e-4;

    @Test
    void shouldEqualSameDiffOnATwoLayerModelWithTwoDimensionalInput() {
        check(new TdVaeConfig(2, 6, 3, 2, 5, 7), 12, 3, 4, 0.7, 0.5);
    }

    @Test
    void shouldEqualSameDiffWithAnOddTotalLatentSize() {
        // the rotation transition leaves the last of 3 latent coordinates unrotated
        check(new TdVaeConfig(1, 6, 3, 1, 5, 7), 16, 3, 4, 0.8, 0.6);
    }

    @Test
    void shouldEqualSameDiffWithTheResidualTransition() {
        check(TdVaeConfig.defaults().withTransition(TdVaeConfig.Transition.RESIDUAL), 30, 3, 4, 1.0, 1.0);
    }

    @Test
    void shouldEqualSameDiffAtTheDefaultSizes() {
        check(TdVaeConfig.defaults(), 50, 4, 4, 1.0, 1.0);
    }

    @Test
    void shouldEqualSameDiffAtThePublicSizesWithoutTheAuxiliaryTerm() {
        check(TdVaeConfig.publicReferenceSizes(1), 24, 3, 2, 1.0, 0.0);
    }

    private static void check(TdVaeConfig cfg, int window, int windows, int pairs, double beta, double lambda) {
        TdVaeTrainingConfig tc = TdVaeTrainingConfig.defaults().withWindowLength(window).withBatchSize(windows)
                .withPairsPerWindow(pairs).withJumps(5, window, 0.5);
        ParamLayout layout = new ParamLayout(cfg);
        Map<String, float[]> params = layout.initialise(3);
        // move every parameter (biases too) away from its initial value
        SplittableRandom rnd = new SplittableRandom(5);
        for (float[] v : params.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (rnd.nextDouble() * 0.2 - 0.1);
            }
        }
        List<float[][]> data = new ArrayList<>();
        for (float[][] s : HarmonicOscillator.defaults().generate(windows + 2, window + 10, 5)) {
            float[][] x = new float[s.length][cfg.inputDim()];
            for (int t = 0; t < s.length; t++) {
                for (int d = 0; d < cfg.inputDim(); d++) {
                    x[t][d] = s[t][0] * (d + 1) - 0.3f * d;
                }
            }
            data.add(x);
        }
        PairBatch sampler = new PairBatch(data, cfg, tc, 9);
        PairBatch.Batch batch = sampler.newBatch(windows);
        sampler.fill(batch);

        TdVaeBackprop java = new TdVaeBackprop(layout, params);
        java.compute(batch, beta, lambda);

        TdVaeGraph g = TdVaeGraph.training(layout, TdVaeGraph.toArrays(layout, params, DataType.DOUBLE), window,
                DataType.DOUBLE);
        SameDiff sd = g.sameDiff();
        Map<String, INDArray> ph = batch.placeholders(DataType.DOUBLE);
        ph.put("beta", Nd4j.createFromArray(beta));
        ph.put("lambda", Nd4j.createFromArray(lambda));
        Map<String, INDArray> out = sd.output(ph, "loss", "kl", "nllx", "logpb2", "logpt", "aux", "trainLoss");
        assertClose("loss", java.loss(), out.get("loss").getDouble(0));
        assertClose("kl", java.kl(), out.get("kl").getDouble(0));
        assertClose("nllx", java.nllx(), out.get("nllx").getDouble(0));
        assertClose("logpb2", java.logpb2(), out.get("logpb2").getDouble(0));
        assertClose("logpt", java.logpt(), out.get("logpt").getDouble(0));
        if (lambda != 0) {
            assertClose("aux", java.aux(), out.get("aux").getDouble(0));
        }
        assertClose("trainLoss", java.trainLoss(beta, lambda), out.get("trainLoss").getDouble(0));

        Map<String, INDArray> grads = sd.calculateGradients(ph, g.parameterNames());
        for (ParamLayout.Param p : layout.params()) {
            double[] ref = grads.get(p.name()).dup('c').reshape(p.size()).toDoubleVector();
            float[] mine = java.gradients().get(p.name());
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < ref.length; i++) {
                scale = Math.max(scale, Math.abs(ref[i]));
                worst = Math.max(worst, Math.abs(ref[i] - mine[i]));
            }
            assertThat(scale).as("gradient of %s is not all zero", p.name()).isGreaterThan(0);
            assertThat(worst).as("%s: max |java - samediff| vs max |samediff| %g", p.name(), scale)
                    .isLessThanOrEqualTo(GRADIENT_TOLERANCE * scale);
        }
    }

    private static void assertClose(String what, double java, double sameDiff) {
        assertThat(Math.abs(java - sameDiff)).as("%s: java %.9g samediff %.9g", what, java, sameDiff)
                .isLessThanOrEqualTo(LOSS_TOLERANCE * Math.max(1, Math.abs(sameDiff)));
    }
}
