package io.beliefstream.models.vqvae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.bundle.ModelBundle;
import io.beliefstream.models.vqvae.internal.VqVaeGraph;
import io.beliefstream.models.vqvae.internal.VqVaeKernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

class VqVaeModelTest {
    private static final VqVaeConfig SMALL = VqVaeConfig.of(16, 24, 6, 16);
    private static VqVaeTrainingResult trained;

    @BeforeAll
    static void trainSmallModel() {
        List<float[]> windows = new ArrayList<>();
        long seed = 1;
        for (RegimeSignals.Shape s : RegimeSignals.TRAINING_SHAPES) {
            RegimeSignals.Regime r = new RegimeSignals.Regime(s, 20, 2, 1, 0.1);
            windows.add(VqVaeTrainer.windowsOf(RegimeSignals.series(r, 1200, seed++), SMALL, 2));
        }
        trained = new VqVaeTrainer(SMALL, new VqVaeTrainingConfig(4, 64, 3e-3, 3))
                .train(VqVaeTrainer.concat(windows), null, "test");
    }

    @Test
    void shouldReduceTheReconstructionLossDuringTraining() {
        double[] recon = trained.reconLoss();
        assertThat(recon).hasSize(5);
        assertThat(recon[4]).isLessThan(0.5 * recon[0]);
        assertThat(trained.commitLoss()[4]).isFinite();
        assertThat(trained.model().codebook().initialised()).isTrue();
        assertThat(trained.model().codebook().stats().liveCodes()).isGreaterThan(4);
    }

    @Test
    void shouldMatchTheSameDiffForwardPassWithinOneTenThousandth() {
        VqVaeModel model = trained.model();
        int batch = 37;
        VqVaeKernel kernel = model.newKernel(64);
        WindowResult out = WindowResult.forScorer(model.info(), 64);
        StreamState[] states = new StreamState[batch];
        Random rnd = new Random(4);
        for (int b = 0; b < batch; b++) {
            states[b] = model.newState();
        }
        float[] x = new float[batch];
        for (int t = 0; t < 40; t++) {
            for (int b = 0; b < batch; b++) {
                x[b] = (float) (Math.sin(t * (0.2 + 0.02 * b)) * (1 + b % 3) + 0.3 * rnd.nextGaussian());
            }
            kernel.score(states, x, batch, out);
        }
        float[] windows = kernel.lastNormalisedWindows();
        int w = SMALL.window();
        int d = SMALL.latentDim();
        SameDiff sd = VqVaeGraph.inference(model.weights(), model.codebook().codes(), SMALL.codebookSize());
        INDArray xs = VqVaeGraph.matrix(java.util.Arrays.copyOf(windows, batch * w), batch, w);
        Map<String, INDArray> ref = sd.output(Map.of("x", xs), "z_e", "code", "x_hat");
        for (int b = 0; b < batch; b++) {
            assertThat(out.ready[b]).isTrue();
            assertThat(out.code[b]).as("code of stream %d", b).isEqualTo(ref.get("code").getInt(b));
            for (int j = 0; j < d; j++) {
                assertThat(out.latent[b * d + j]).isCloseTo(ref.get("z_e").getFloat(b, j), within(1e-4f));
            }
            double err = 0;
            for (int i = 0; i < w; i++) {
                float r = ref.get("x_hat").getFloat(b, i);
                assertThat(out.reconstruction[b * w + i]).isCloseTo(r, within(1e-4f));
                err += (windows[b * w + i] - r) * (windows[b * w + i] - r);
            }
            assertThat((double) out.error[b]).isCloseTo(err / w, within(1e-4));
        }
    }

    @Test
    void shouldReturnNoCodeUntilTheWindowIsFull() {
        VqVaeModel model = trained.model();
        VqVaeKernel kernel = model.newKernel(2);
        WindowResult out = WindowResult.forScorer(model.info(), 2);
        StreamState[] s = {model.newState(), model.newState()};
        for (int i = 0; i < SMALL.window(); i++) {
            kernel.score(s, new float[] {i, -i}, i == 0 ? 2 : 1, out);
        }
        // stream 0 got W observations, stream 1 only one
        assertThat(out.ready[0]).isTrue();
        assertThat(out.code[0]).isBetween(0, SMALL.codebookSize() - 1);
        assertThat(out.error[0]).isFinite();
        kernel.score(s, new float[] {0, 0}, 2, out);
        assertThat(out.ready[1]).isFalse();
        assertThat(out.code[1]).isEqualTo(-1);
        assertThat(out.error[1]).isNaN();
        assertThat(out.lastValue[1]).isNaN();
        assertThat(out.reconstruction[SMALL.window()]).isNaN();
    }

    @Test
    void shouldRoundTripAStreamStateAndScoreIdentically() {
        VqVaeModel model = trained.model().withOwnCodebook();
        VqVaeKernel kernel = model.newKernel(1);
        WindowResult a = WindowResult.forScorer(model.info(), 1);
        WindowResult b = WindowResult.forScorer(model.info(), 1);
        StreamState[] s = {model.newState()};
        for (int t = 0; t < 50; t++) {
            kernel.score(s, new float[] {(float) Math.cos(t * 0.3)}, 1, a);
        }
        ByteBuffer buf = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(buf);
        assertThat(buf.position()).isEqualTo(18 + 4 * SMALL.window());
        buf.flip();
        StreamState[] r = {model.readState(buf)};
        kernel.score(s, new float[] {0.7f}, 1, a);
        kernel.score(r, new float[] {0.7f}, 1, b);
        assertThat(b.code[0]).isEqualTo(a.code[0]);
        assertThat(b.error[0]).isEqualTo(a.error[0]);
        assertThat(r[0].observations()).isEqualTo(51);
        assertThat(s[0].heapBytes()).isLessThan(256);
        ByteBuffer bad = ByteBuffer.allocate(s[0].serializedSize());
        s[0].writeTo(bad);
        bad.flip();
        assertThatThrownBy(() -> VqVaeModel.untrained(VqVaeConfig.of(8, 4, 2, 4), 1).readState(bad))
                .isInstanceOf(ModelException.class).hasMessageContaining("window");
    }

    @Test
    void shouldRoundTripThroughABundleWithItsCodebook() throws Exception {
        VqVaeModel model = trained.model();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.toBundle().write(bytes);
        VqVaeModel back = VqVaeModel.fromBundle(ModelBundle.read(new ByteArrayInputStream(bytes.toByteArray()), "t"));
        assertThat(back.info()).isEqualTo(model.info());
        assertThat(back.codebook().codes()).containsExactly(model.codebook().codes());
        assertThat(back.weights().w4()).containsExactly(model.weights().w4());
        assertThat(back.trainingMetadata().get("reconLoss").size()).isEqualTo(5);
        assertThatThrownBy(() -> VqVaeModel.fromBundle(ModelBundle.builder("td-vae").build()))
                .isInstanceOf(ModelException.class).hasMessageContaining("vq-vae");
    }

    @Test
    void shouldLearnOnlineThroughTheEngineCallSequence() {
        VqVaeModel model = trained.model().withOwnCodebook();
        EmaCodebook cb = model.codebook();
        VqVaeKernel kernel = model.newKernel(4);
        WindowResult out = WindowResult.forScorer(model.info(), 4);
        StreamState[] s = {model.newState(), model.newState(), model.newState(), model.newState()};
        long before = cb.stats().updates();
        float[] x = new float[4];
        for (int t = 0; t < 100; t++) {
            for (int b = 0; b < 4; b++) {
                x[b] = (float) Math.sin(0.25 * t + b);
            }
            kernel.score(s, x, 4, out);
            cb.update(out);
        }
        // updates only happen once windows are full
        assertThat(cb.stats().updates() - before).isEqualTo(100 - SMALL.window() + 1);
        byte[] snap = cb.snapshot();
        VqVaeModel copy = model.withOwnCodebook();
        assertThat(copy.codebook().snapshot()).containsExactly(snap);
    }

    @Test
    void shouldInitialiseAnEmptyCodebookFromLiveEncoderOutputsThenQuantise() {
        VqVaeModel model = VqVaeModel.untrained(VqVaeConfig.of(8, 6, 3, 4), 5); // K = 4: 16 outputs to initialise
        assertThat(model.codebook().initialised()).isFalse();
        VqVaeKernel kernel = model.newKernel(4);
        WindowResult out = WindowResult.forScorer(model.info(), 4);
        StreamState[] s = {model.newState(), model.newState(), model.newState(), model.newState()};
        float[] x = new float[4];
        int firstCodeAt = -1;
        for (int t = 0; t < 20; t++) {
            for (int b = 0; b < 4; b++) {
                x[b] = (float) Math.sin(0.5 * t + b);
            }
            kernel.score(s, x, 4, out);
            if (firstCodeAt < 0 && out.code[0] >= 0) {
                firstCodeAt = t;
            }
            if (t >= 7 && firstCodeAt < 0) {
                assertThat(out.ready[0]).isTrue();
                assertThat(out.error[0]).isNaN(); // full window, but no codes yet
            }
            model.codebook().update(out);
        }
        // windows are full from t = 7; 4 batches of 4 outputs (t = 7..10) fill the initialisation buffer
        assertThat(firstCodeAt).isEqualTo(11);
        assertThat(model.codebook().initialised()).isTrue();
        assertThat(out.error[0]).isFinite();
    }

    /**
     * "Allocation-free" measured: the engine's step (score + codebook update) allocates no per-stream memory. ND4J's
     * op dispatch allocates a few small Java objects per GEMM (about 28 KB per step on the development machine),
     * the same at batch 16 and 1024. Measured after a warm-up long enough for C2 to compile the hot path.
     */
    @Test
    void shouldAllocateNothingPerStreamInAServingStep() {
        VqVaeModel model = VqVaeModel.loadDefault();
        long small = allocatedPerStep(model, 16);
        long large = allocatedPerStep(model, 1024);
        assertThat(large).isLessThan(64 * 1024);
        assertThat(large - small).as("extra bytes for 1008 more streams").isLessThan(4096);
    }

    private static long allocatedPerStep(VqVaeModel model, int batch) {
        // 400 warm-up steps: the vector-API scan (internal.VectorScan, used under --add-modules jdk.incubator.vector)
        // allocates its vectors until C2 has compiled it, which takes a while on a loaded machine
        return Allocations.perServingStep(model, batch, 400, 100);
    }
}
