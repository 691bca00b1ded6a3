package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.vqvae.internal.VqVaeGraph;
import io.beliefstream.models.vqvae.internal.VqVaeWeights;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gradient checks of the training graph (float32 central differences, so tolerances are loose but meaningful). */
class VqVaeGraphTest {
    private static final int W = 6;
    private static final int H = 5;
    private static final int D = 3;
    private static final int B = 2;
    private static final double BETA = 0.25;
    private static final float EPS = 1e-2f;

    @Test
    void shouldMatchFiniteDifferencesForEveryWeightTensor() {
        Fixture f = new Fixture();
        for (String name : VqVaeWeights.NAMES) {
            INDArray grad = f.sd.calculateGradients(f.placeholders, name).get(name).dup();
            INDArray arr = f.sd.getVariable(name).getArr();
            long n = arr.length();
            for (long i = 0; i < n; i += Math.max(1, n / 6)) {
                float v = arr.getFloat(i);
                arr.putScalar(i, v + EPS);
                double up = f.loss();
                arr.putScalar(i, v - EPS);
                double down = f.loss();
                arr.putScalar(i, v);
                double fd = (up - down) / (2 * EPS);
                assertThat(grad.getDouble(i)).as("%s[%d]", name, i).isCloseTo(fd, within(2e-3 + 2e-2 * Math.abs(fd)));
            }
        }
    }

    /**
     * Straight-through: dL/dz_e is the gradient of the reconstruction at the decoder input (the code) plus the
     * commitment gradient 2β(z_e − e_k)/B; the encoder bias b2 adds to z_e, so dL/db2 is its sum over the batch.
     */
    @Test
    void shouldCopyTheDecoderInputGradientStraightThroughToTheEncoder() {
        Fixture f = new Fixture();
        INDArray gB2 = f.sd.calculateGradients(f.placeholders, "enc.b2").get("enc.b2");
        INDArray delta = f.placeholders.get("delta");
        for (int j = 0; j < D; j++) {
            double expected = 0;
            for (int b = 0; b < B; b++) {
                float v = delta.getFloat(b, j);
                delta.putScalar(b, j, v + EPS);
                double up = f.loss();
                delta.putScalar(b, j, v - EPS);
                double down = f.loss();
                delta.putScalar(b, j, v);
                // perturbing delta moves only the decoder input: this is d recon / d (decoder input)
                expected += (up - down) / (2 * EPS);
                expected += 2 * BETA * (f.ze[b * D + j] - f.zq[b * D + j]) / B;
            }
            assertThat(gB2.getDouble(j)).as("dL/db2[%d]", j).isCloseTo(expected, within(2e-3 + 2e-2 * Math.abs(expected)));
        }
    }

    private static final class Fixture {
        final SameDiff sd;
        final Map<String, INDArray> placeholders = new HashMap<>();
        final float[] ze;
        final float[] zq;

        Fixture() {
            sd = VqVaeGraph.training(VqVaeWeights.random(W, H, D, 12), BETA, 1e-3);
            Random rnd = new Random(12);
            float[] x = new float[B * W];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            INDArray xs = VqVaeGraph.matrix(x, B, W);
            ze = sd.output(Map.of("x", xs), "z_e").get("z_e").dup('c').data().asFloat();
            zq = new float[B * D];
            float[] delta = new float[B * D];
            for (int i = 0; i < zq.length; i++) {
                zq[i] = ze[i] + (float) (0.5 * rnd.nextGaussian()); // a code some distance away
                delta[i] = zq[i] - ze[i];
            }
            placeholders.put("x", xs);
            placeholders.put("zq", VqVaeGraph.matrix(zq, B, D));
            placeholders.put("delta", VqVaeGraph.matrix(delta, B, D));
        }

        double loss() {
            return sd.output(placeholders, "loss").get("loss").getDouble(0);
        }
    }
}
