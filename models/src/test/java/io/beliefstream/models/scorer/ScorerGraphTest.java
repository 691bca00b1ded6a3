package io.beliefstream.models.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.scorer.internal.ScorerGraph;
import io.beliefstream.models.scorer.internal.ScorerLayers;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The closed forms in the graphs against direct computation. */
class ScorerGraphTest {

    /**
     * The contractive penalty {@code mᵀ((W₀ᵀW₀) ∘ (W₁W₁ᵀ))m} equals {@code ‖∂z/∂x‖²_F} from central differences of
     * the encoder output (float32, step 1e-3: within 1 % relative).
     */
    @Test
    void shouldComputeTheSquaredFrobeniusNormOfTheEncoderJacobian() {
        ScorerConfig c = new ScorerConfig(ScorerKind.CONTRACTIVE, 6, 5, 3, 0.1, 1, 1, 1, 1, 1, 256, 8);
        SameDiff sd = ScorerGraph.build(ScorerLayers.random(c, 3), 1, 0);
        Random rnd = new Random(5);
        float[] x = new float[2 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        INDArray xa = ScorerGraph.matrix(x, 2, 6);
        float[] jac = sd.output(Map.of("x", xa, "x_in", xa), "jacobian").get("jacobian").dup('c').data().asFloat();
        float h = 1e-3f;
        for (int b = 0; b < 2; b++) {
            double sum = 0;
            for (int i = 0; i < 6; i++) {
                float[] up = x.clone();
                float[] down = x.clone();
                up[b * 6 + i] += h;
                down[b * 6 + i] -= h;
                float[] zu = z(sd, up);
                float[] zd = z(sd, down);
                for (int j = 0; j < 3; j++) {
                    double g = (zu[b * 3 + j] - zd[b * 3 + j]) / (2.0 * h);
                    sum += g * g;
                }
            }
            assertThat((double) jac[b]).as("row %d", b).isCloseTo(sum, within(0.01 * sum + 1e-4));
            assertThat(sum).isPositive();
        }
    }

    private static float[] z(SameDiff sd, float[] x) {
        INDArray xa = ScorerGraph.matrix(x, 2, 6);
        return sd.output(Map.of("x_in", xa), "z").get("z").dup('c').data().asFloat();
    }
}
