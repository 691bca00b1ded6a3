package io.beliefstream.models.tdvae;

import static org.assertj.core.api.Assertions.assertThat;

import io.beliefstream.models.synthetic.HarmonicOscillator;
import io.beliefstream.models.tdvae.internal.PairBatch;
import io.beliefstream.models.tdvae.internal.ParamLayout;
import io.beliefstream.models.tdvae.internal.TdVaeGraph;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Double-precision finite differences against SameDiff's gradient of the full loss -J on a tiny model. */
class TdVaeGradientCheckTest {

    /** Two latent layers exercise every network (the one-layer graph is the same code without the lower layer). */
    @Test
    void shouldMatchCentralDifferencesInDoublePrecision() {
        int layers = 2;
        TdVaeConfig cfg = new TdVaeConfig(1, 3, 2, layers, 4, 3);
        TdVaeTrainingConfig tc = TdVaeTrainingConfig.defaults().withWindowLength(6).withBatchSize(2)
                .withPairsPerWindow(2).withJumps(3, 4, 0.5);
        tc = new TdVaeTrainingConfig(6, 2, 2, 1, 1, 1e-3, 10, 0.1, 1, 3, 4, 0.5, 1, 0, 1.0,
                TdVaeTrainingConfig.Normalisation.GLOBAL, 1, null);
        ParamLayout layout = new ParamLayout(cfg);
        Map<String, INDArray> params = TdVaeGraph.toArrays(layout, layout.initialise(3), DataType.DOUBLE);
        TdVaeGraph g = TdVaeGraph.training(layout, params, 6, DataType.DOUBLE);
        SameDiff sd = g.sameDiff();
        List<float[][]> data = HarmonicOscillator.defaults().generate(3, 10, 5);
        Map<String, INDArray> ph = new PairBatch(data, cfg, tc, 9).next(2, DataType.DOUBLE);
        ph.put("beta", Nd4j.createFromArray(1.0));
        // λ = 0: the auxiliary term holds its target fixed (stop-gradient), so it is not a true gradient of anything
        ph.put("lambda", Nd4j.createFromArray(0.0));
        Map<String, INDArray> grads = sd.calculateGradients(ph, g.parameterNames());
        SplittableRandom rnd = new SplittableRandom(4);
        double eps = 1e-6;
        int checked = 0;
        double worst = 0;
        for (String name : g.parameterNames()) {
            INDArray p = sd.getVariable(name).getArr();
            INDArray grad = grads.get(name);
            for (int k = 0; k < 1; k++) {
                long i = rnd.nextInt((int) p.length());
                double orig = p.getDouble(i);
                p.putScalar(i, orig + eps);
                double up = sd.output(ph, "trainLoss").get("trainLoss").getDouble(0);
                p.putScalar(i, orig - eps);
                double down = sd.output(ph, "trainLoss").get("trainLoss").getDouble(0);
                p.putScalar(i, orig);
                double numeric = (up - down) / (2 * eps);
                double analytic = grad.getDouble(i);
                double err = Math.abs(numeric - analytic) / Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
                assertThat(err).as("%s[%d]: analytic %g numeric %g", name, i, analytic, numeric).isLessThan(1e-5);
                worst = Math.max(worst, err);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(layout.params().size());
        assertThat(worst).isLessThan(1e-5);
    }
}
