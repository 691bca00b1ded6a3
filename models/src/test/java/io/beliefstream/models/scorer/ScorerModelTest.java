package io.beliefstream.models.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.scorer.internal.ScorerGraph;
import io.beliefstream.models.scorer.internal.ScorerKernel;
import io.beliefstream.models.scorer.internal.TwoLevelCodebook;
import io.beliefstream.models.vqvae.Allocations;
import io.beliefstream.models.vqvae.EmaCodebook;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Serving of every kind of the family from its default bundle: SameDiff equality, allocation, bundles. */
class ScorerModelTest {
    private static final int STREAMS = 3;

    /** Feeds {@code steps} observations of three phase-shifted noisy sines into {@code STREAMS} streams. */
    private static WindowResult serve(ScorerModel model, ScorerKernel kernel, StreamState[] states, int steps) {
        WindowResult out = WindowResult.forScorer(model.info(), STREAMS);
        float[] x = new float[STREAMS];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < STREAMS; b++) {
                x[b] = (float) (10 + 3 * Math.sin(0.31 * t + 2 * b) + 0.2 * Math.sin(7.1 * t * (b + 1)));
            }
            kernel.score(states, x, STREAMS, out);
        }
        return out;
    }

    private static StreamState[] states(ScorerModel model) {
        StreamState[] s = new StreamState[STREAMS];
        for (int b = 0; b < STREAMS; b++) {
            s[b] = model.newState();
        }
        return s;
    }

    private static INDArray matrix(float[] v, int rows, int cols) {
        return ScorerGraph.matrix(java.util.Arrays.copyOf(v, rows * cols), rows, cols);
    }

    /**
     * The kernel's score, reconstruction and latent equal the SameDiff graph's forward pass over the same windows
     * within 1e-4 (the VAEs' score within 1e-4 relative: a log-density summed over the window). The non-data
     * placeholders are derived from the graph's own outputs: the k-sparse mask from its {@code z}, the VQ-VAE-2's
     * codes from its {@code z_top} and {@code z_bottom}; the VAEs get the kernel's fixed draws.
     */
    @ParameterizedTest
    @EnumSource(ScorerKind.class)
    void shouldEqualItsSameDiffForwardPass(ScorerKind kind) {
        ScorerModel model = ScorerModel.loadDefault(kind);
        ScorerConfig c = model.config();
        ScorerKernel kernel = model.newKernel(STREAMS);
        WindowResult out = serve(model, kernel, states(model), 80);
        int w = c.window();
        int d = c.latentDim();
        float[] windows = kernel.lastNormalisedWindows();
        INDArray x = matrix(windows, STREAMS, w);
        SameDiff sd = ScorerGraph.build(model.layers(), kind.variational() ? c.samples() : 1, 0);
        Map<String, INDArray> in = new HashMap<>();
        in.put("x", x);
        String latentName = "z";
        float[] expectedCodes = null;
        switch (kind) {
            case VAE, BETA_VAE -> {
                float[] eps = kernel.latentDraws();
                float[] rows = new float[STREAMS * c.samples() * d];
                for (int b = 0; b < STREAMS; b++) {
                    System.arraycopy(eps, 0, rows, b * eps.length, eps.length);
                }
                in.put("eps", matrix(rows, STREAMS * c.samples(), d));
                latentName = "mu";
            }
            case VQ_VAE_2 -> {
                TwoLevelCodebook cb = (TwoLevelCodebook) model.codebook();
                int dt = c.topLatentDim();
                float[] zt = sd.output(Map.of("x", x), "z_top").get("z_top").dup('c').data().asFloat();
                float[][] top = quantise(cb.top(), zt, dt);
                INDArray deltaTop = matrix(top[1], STREAMS, dt);
                float[] zb = sd.output(Map.of("x", x, "delta_top", deltaTop), "z_bottom").get("z_bottom").dup('c')
                        .data().asFloat();
                float[][] bottom = quantise(cb.bottom(), zb, d);
                in.put("zq_top", matrix(top[0], STREAMS, dt));
                in.put("delta_top", deltaTop);
                in.put("zq_bottom", matrix(bottom[0], STREAMS, d));
                in.put("delta_bottom", matrix(bottom[1], STREAMS, d));
                float[] latent = new float[STREAMS * (dt + d)];
                expectedCodes = new float[STREAMS];
                for (int b = 0; b < STREAMS; b++) {
                    System.arraycopy(zt, b * dt, latent, b * (dt + d), dt);
                    System.arraycopy(zb, b * d, latent, b * (dt + d) + dt, d);
                    expectedCodes[b] = cb.top().nearest(zt, b * dt) * c.bottomCodes() + cb.bottom().nearest(zb, b * d);
                }
                assertClose("latent", out.latent, latent, 1e-4);
                latentName = null;
            }
            case K_SPARSE -> {
                in.put("x_in", x);
                float[] z = sd.output(Map.of("x_in", x), "z").get("z").dup('c').data().asFloat();
                float[] mask = new float[z.length];
                for (int b = 0; b < STREAMS; b++) {
                    ScorerTrainer.topK(z, b * d, d, c.sparsityK(), mask);
                }
                in.put("mask", matrix(mask, STREAMS, d));
                float[] sparse = new float[z.length];
                for (int i = 0; i < z.length; i++) {
                    sparse[i] = z[i] * mask[i];
                }
                assertClose("latent", out.latent, sparse, 1e-4);
                latentName = null;
            }
            default -> in.put("x_in", x);
        }
        Map<String, INDArray> got = latentName == null ? sd.output(in, "score", "x_hat")
                : sd.output(in, "score", "x_hat", latentName);
        float[] score = got.get("score").dup('c').data().asFloat();
        for (int b = 0; b < STREAMS; b++) {
            assertThat(out.ready[b]).isTrue();
            double tol = kind.variational() ? 1e-4 * Math.max(1, Math.abs(score[b])) : 1e-4;
            assertThat((double) out.error[b]).as("score of stream %d", b).isCloseTo(score[b], within(tol));
            if (expectedCodes != null) {
                assertThat(out.code[b]).isEqualTo((int) expectedCodes[b]);
            } else {
                assertThat(out.code[b]).isEqualTo(-1);
            }
        }
        assertClose("reconstruction", out.reconstruction, got.get("x_hat").dup('c').data().asFloat(), 1e-4);
        if (latentName != null) {
            assertClose("latent", out.latent, got.get(latentName).dup('c').data().asFloat(), 1e-4);
        }
    }

    private static float[][] quantise(EmaCodebook cb, float[] z, int dim) {
        float[] e = cb.codes();
        float[] zq = new float[z.length];
        float[] delta = new float[z.length];
        for (int b = 0; b < z.length / dim; b++) {
            int k = cb.nearest(z, b * dim);
            for (int j = 0; j < dim; j++) {
                zq[b * dim + j] = e[k * dim + j];
                delta[b * dim + j] = e[k * dim + j] - z[b * dim + j];
            }
        }
        return new float[][] {zq, delta};
    }

    private static void assertClose(String what, float[] actual, float[] expected, double tol) {
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(tol));
        }
    }

    /**
     * "Allocation-free" measured as for the VQ-VAE: the engine's step (score + codebook update) allocates no
     * per-stream memory; ND4J's op dispatch allocates a few small objects per GEMM, the same at any batch.
     */
    @ParameterizedTest
    @EnumSource(ScorerKind.class)
    void shouldAllocateNothingPerStreamInAServingStep(ScorerKind kind) {
        ScorerModel model = ScorerModel.loadDefault(kind).withOwnCodebook();
        long small = Allocations.perServingStep(model, 16, 300, 50);
        long large = Allocations.perServingStep(model, 512, 300, 50);
        assertThat(large).as("bytes per step at batch 512").isLessThan(64 * 1024);
        assertThat(large - small).as("extra bytes for 496 more streams").isLessThan(4096);
    }

    @ParameterizedTest
    @EnumSource(ScorerKind.class)
    void shouldServeTheSameScoresAfterABundleRoundTrip(ScorerKind kind, @TempDir Path dir) throws Exception {
        ScorerModel model = ScorerModel.loadDefault(kind);
        Path file = dir.resolve("m.bsb");
        model.save(file);
        ScorerModel back = ScorerModel.load(file);
        assertThat(back.info()).isEqualTo(model.info());
        assertThat(back.config()).isEqualTo(model.config());
        assertThat(back.codebook().snapshot()).isEqualTo(model.codebook().snapshot());
        WindowResult a = serve(model, model.newKernel(STREAMS), states(model), 60);
        WindowResult b = serve(back, back.newKernel(STREAMS), states(back), 60);
        assertThat(b.error).containsExactly(a.error);
        assertThat(b.code).containsExactly(a.code);
        assertThat(b.reconstruction).containsExactly(a.reconstruction);
        assertThat(a.error[0]).isFinite();
    }

    @Test
    void shouldLearnBothCodebookLevelsOnlineWhileServing() {
        ScorerModel model = ScorerModel.loadDefault(ScorerKind.VQ_VAE_2).withOwnCodebook();
        TwoLevelCodebook cb = (TwoLevelCodebook) model.codebook();
        float[] top = cb.top().codes();
        float[] bottom = cb.bottom().codes();
        ScorerKernel kernel = model.newKernel(STREAMS);
        StreamState[] s = states(model);
        WindowResult out = WindowResult.forScorer(model.info(), STREAMS);
        float[] x = new float[STREAMS];
        for (int t = 0; t < 200; t++) {
            for (int b = 0; b < STREAMS; b++) {
                x[b] = (float) Math.sin(0.2 * t + b);
            }
            kernel.score(s, x, STREAMS, out);
            model.codebook().update(out);
        }
        assertThat(out.code[0]).isBetween(0, cb.size() - 1);
        assertThat(cb.top().stats().updates()).isGreaterThan(100);
        assertThat(cb.bottom().stats().updates()).isGreaterThan(100);
        assertThat(cb.top().codes()).isNotEqualTo(top);
        assertThat(cb.bottom().codes()).isNotEqualTo(bottom);
        byte[] snap = cb.snapshot();
        TwoLevelCodebook copy = (TwoLevelCodebook) ScorerModel.loadDefault(ScorerKind.VQ_VAE_2).codebook();
        copy.restore(snap);
        assertThat(copy.top().codes()).containsExactly(cb.top().codes());
        assertThat(copy.bottom().codes()).containsExactly(cb.bottom().codes());
    }

    @Test
    void shouldRefuseABundleOfAnotherFamily() {
        var bundle = io.beliefstream.models.bundle.ModelBundle.builder("td-vae").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScorerModel.fromBundle(bundle))
                .isInstanceOf(io.beliefstream.models.ModelException.class)
                .hasMessageContaining("not a window-scorer bundle");
    }
}
